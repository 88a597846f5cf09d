//! Finding a feed's items in its text a slice at a time, so that a large file's first pass
//! never holds the page for long.
//!
//! [`ItemSplitter`] walks the text once, a bounded number of bytes per call, tracking only
//! strings, escapes and bracket depth. It notes where the top-level `"items"` array is and
//! where each of its elements starts and ends. It does not check the JSON: each element is
//! parsed on its own later (which checks it), and so is the rest of the feed object. What the
//! splitter cannot place (no top-level object, no `"items"` array, `"items"` twice, unbalanced
//! brackets, text after the object) it leaves to the reader that takes the whole file at once,
//! which also words every syntax error with its line and column.

/// Where the items are, once the whole text is walked (see [`ItemSplitter::finish`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitFeed<'a> {
    /// The text before the `items` array.
    pub before: &'a str,
    /// The text after it.
    pub after: &'a str,
    /// Each element's text, unchecked.
    pub items: Vec<&'a str>,
}

/// A walk through a feed's text in steps (see the module documentation).
#[derive(Debug)]
pub struct ItemSplitter<'a> {
    text: &'a str,
    at: usize,
    depth: usize,
    in_string: bool,
    /// In the top-level object, the next string is a member name.
    expect_name: bool,
    /// Where the member name being read starts (its opening quote).
    name_start: Option<usize>,
    /// The last member name read in the top-level object was `items`.
    named_items: bool,
    items_named: usize,
    /// Inside the top-level `items` array.
    in_items: bool,
    items_start: usize,
    items_end: Option<usize>,
    /// Where the current element started, if it has.
    element_start: Option<usize>,
    /// A comma came after the last element (so `]` now means an empty element).
    after_comma: bool,
    items: Vec<&'a str>,
    /// The top-level value has closed.
    closed: bool,
    /// The text is not one this walk can split.
    unusable: bool,
}

impl<'a> ItemSplitter<'a> {
    /// Starts a walk through `text`.
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            at: 0,
            depth: 0,
            in_string: false,
            expect_name: false,
            name_start: None,
            named_items: false,
            items_named: 0,
            in_items: false,
            items_start: 0,
            items_end: None,
            element_start: None,
            after_comma: false,
            items: Vec::new(),
            closed: false,
            unusable: false,
        }
    }

    /// Walks up to `bytes` more bytes; true while text remains.
    pub fn step(&mut self, bytes: usize) -> bool {
        let text = self.text.as_bytes();
        let end = text.len().min(self.at.saturating_add(bytes));
        let mut at = self.at;
        while at < end && !self.unusable {
            if self.in_string {
                // Only a quote or a backslash matters inside a string.
                match text[at..end].iter().position(|&b| b == b'"' || b == b'\\') {
                    Some(skip) => at += skip,
                    None => {
                        at = end;
                        continue;
                    }
                }
                match text[at] {
                    // The escaped byte cannot end the string; a multi-byte character's other
                    // bytes are never a quote or a backslash.
                    b'\\' => at += 1,
                    b'"' => {
                        self.in_string = false;
                        if let Some(start) = self.name_start.take() {
                            self.named_items = &self.text[start + 1..at] == "items";
                            self.items_named += usize::from(self.named_items);
                        }
                    }
                    _ => {}
                }
                at += 1;
                continue;
            }
            let byte = text[at];
            match byte {
                b' ' | b'\t' | b'\n' | b'\r' => {}
                _ if self.closed => self.unusable = true,
                b'"' => {
                    self.in_string = true;
                    if self.depth == 1 && self.expect_name {
                        self.name_start = Some(at);
                    } else {
                        self.value_starts(at);
                    }
                }
                b'{' | b'[' => {
                    self.value_starts(at);
                    if self.depth == 0 && byte != b'{' {
                        self.unusable = true;
                    }
                    if self.depth == 1 && !self.expect_name && self.named_items && byte == b'[' {
                        self.in_items = true;
                        self.items_start = at;
                        self.after_comma = false;
                    }
                    self.depth += 1;
                    self.expect_name = self.depth == 1;
                }
                b'}' | b']' => {
                    if self.in_items && self.depth == 2 {
                        self.element_ends(at, true);
                        self.in_items = false;
                        self.items_end = Some(at + 1);
                    }
                    match self.depth.checked_sub(1) {
                        Some(depth) => self.depth = depth,
                        None => self.unusable = true,
                    }
                    self.closed = self.depth == 0;
                }
                b',' => {
                    if self.in_items && self.depth == 2 {
                        self.element_ends(at, false);
                    }
                    if self.depth == 1 {
                        self.expect_name = true;
                        self.named_items = false;
                    }
                }
                b':' if self.depth == 1 => self.expect_name = false,
                _ => self.value_starts(at),
            }
            at += 1;
        }
        self.at = at.min(text.len());
        self.at < text.len() && !self.unusable
    }

    /// Notes the start of an element of the items array.
    fn value_starts(&mut self, at: usize) {
        if self.in_items && self.depth == 2 && self.element_start.is_none() {
            self.element_start = Some(at);
        }
    }

    /// Closes the current element at a comma or at the array's end. An empty element (a comma
    /// with nothing before it, or a trailing comma) is kept as empty text, which the item
    /// reader then refuses as JSON.
    fn element_ends(&mut self, at: usize, array_ends: bool) {
        match self.element_start.take() {
            Some(start) => self
                .items
                .push(self.text[start..at].trim_end_matches([' ', '\t', '\n', '\r'])),
            None if !array_ends || self.after_comma => self.items.push(""),
            None => {}
        }
        self.after_comma = !array_ends;
    }

    /// Where the items are, when the walk is complete and the text is one it could split.
    pub fn finish(mut self) -> Option<SplitFeed<'a>> {
        while self.step(usize::MAX) {}
        let usable = !self.unusable && self.closed && !self.in_string && self.items_named == 1;
        let end = self.items_end.filter(|_| usable)?;
        Some(SplitFeed {
            before: &self.text[..self.items_start],
            after: &self.text[end..],
            items: self.items,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Option<SplitFeed<'_>> {
        ItemSplitter::new(text).finish()
    }

    #[test]
    fn elements_of_the_top_level_items_array_are_found() {
        let text = r#"{"version":"v","items":[{"id":"a","tags":["x,]"]} , 2,"s\"]",[1,[2]],null],"z":{"items":[9]}}"#;
        let found = split(text).expect("splittable");
        assert_eq!(
            found.items,
            [
                r#"{"id":"a","tags":["x,]"]}"#,
                "2",
                r#""s\"]""#,
                "[1,[2]]",
                "null"
            ]
        );
        assert_eq!(found.before, r#"{"version":"v","items":"#);
        assert_eq!(found.after, r#","z":{"items":[9]}}"#);
    }

    #[test]
    fn empty_elements_are_kept_for_the_reader_to_refuse() {
        assert_eq!(split(r#"{"items":[]}"#).map(|f| f.items), Some(vec![]));
        assert_eq!(
            split(r#"{"items":[1,]}"#).map(|f| f.items),
            Some(vec!["1", ""])
        );
        assert_eq!(
            split(r#"{"items":[,1]}"#).map(|f| f.items),
            Some(vec!["", "1"])
        );
        assert_eq!(
            split(r#"{"items":[1 2]}"#).map(|f| f.items),
            Some(vec!["1 2"])
        );
    }

    #[test]
    fn texts_it_cannot_place_are_left_to_the_whole_file_reader() {
        for text in [
            r#"[{"items":[]}]"#,
            r#"{"version":"v"}"#,
            r#"{"items":{}}"#,
            r#"{"items":[],"items":[]}"#,
            r#"{"items":[]}}"#,
            r#"{"items":[]} x"#,
            r#"{"items":[1]"#,
            r#"{"items":["1]}"#,
            r#"{"it\u0065ms":[]}"#,
        ] {
            assert_eq!(split(text), None, "{text}");
        }
    }

    #[test]
    fn any_step_size_finds_the_same_items() {
        let text = "{ \"items\" : [ {\"a\": \"\\\\\"} ,\n{\"b\":[\"]\"]} ] }\n";
        let whole = split(text);
        assert!(whole.is_some());
        for step in 1..8 {
            let mut walk = ItemSplitter::new(text);
            while walk.step(step) {}
            assert_eq!(walk.finish(), whole, "steps of {step}");
        }
    }
}
