//! The sanitiser's native walker: applies [`crate::sanitize`]'s policy to an HTML5 parse
//! of untrusted HTML (html5ever, through `scraper`) and writes the result as markup, for the
//! pages the site builder renders ahead of time. The browser walker (`newsroom::sanitize_dom`, in the app)
//! applies the same policy to the browser's own parse when the app renders.

use ego_tree::NodeRef;
use scraper::{Html, Node};

use crate::markup::escape_into;
use crate::sanitize::{
    added_attributes, attribute_value, element_action, BaseUrl, ElementAction, MAX_DEPTH,
};

const HTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";

/// Elements written without a closing tag.
const VOID: &[&str] = &["br", "hr", "img", "col", "wbr"];

/// Work items of the walk: a node to copy at a depth, or a closing tag to write.
enum Step<'a> {
    Copy(NodeRef<'a, Node>, usize),
    Close(&'static str),
}

fn push_children<'a>(stack: &mut Vec<Step<'a>>, node: NodeRef<'a, Node>, depth: usize) {
    let children: Vec<_> = node.children().collect();
    for child in children.into_iter().rev() {
        stack.push(Step::Copy(child, depth));
    }
}

/// The text of `html`, its markup gone (entities read): for a feed's title or summary given as
/// HTML, which the viewer shows as text.
pub fn text(html: &str) -> String {
    let parsed = Html::parse_fragment(html);
    let text: String = parsed.root_element().text().collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What is left of `html` under the policy, as markup; its relative URLs resolved against
/// `base` (the article's, SPEC §1), or dropped without one.
pub fn sanitize(html: &str, base: Option<&BaseUrl>) -> String {
    let parsed = Html::parse_fragment(html);
    let mut out = String::with_capacity(html.len());
    let mut stack: Vec<Step> = Vec::new();
    let root = parsed.root_element();
    push_children(&mut stack, *root, 0);
    while let Some(step) = stack.pop() {
        let (node, depth) = match step {
            Step::Close(name) => {
                out.push_str("</");
                out.push_str(name);
                out.push('>');
                continue;
            }
            Step::Copy(node, depth) => (node, depth),
        };
        match node.value() {
            Node::Text(text) => escape_into(&mut out, text, false),
            Node::Element(element) => {
                if &*element.name.ns != HTML_NAMESPACE {
                    continue;
                }
                match element_action(element.name()) {
                    ElementAction::Remove => {}
                    ElementAction::Keep(_) | ElementAction::Unwrap if depth >= MAX_DEPTH => {
                        push_children(&mut stack, node, depth);
                    }
                    ElementAction::Unwrap => push_children(&mut stack, node, depth),
                    ElementAction::Keep(name) => {
                        out.push('<');
                        out.push_str(name);
                        for (attribute, value) in element.attrs() {
                            if let Some(value) = attribute_value(name, attribute, value, base) {
                                write_attribute(&mut out, &attribute.to_ascii_lowercase(), &value);
                            }
                        }
                        for (attribute, value) in added_attributes(name) {
                            write_attribute(&mut out, attribute, value);
                        }
                        out.push('>');
                        if !VOID.contains(&name) {
                            stack.push(Step::Close(name));
                            push_children(&mut stack, node, depth + 1);
                        }
                    }
                }
            }
            // Comments, doctypes, processing instructions: dropped.
            _ => {}
        }
    }
    out
}

fn write_attribute(out: &mut String, name: &str, value: &str) {
    // Only names the policy returned reach here; they are plain lower-case ASCII.
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    escape_into(out, value, true);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::{sanitize, BaseUrl};

    #[test]
    fn benign_markup_stays_and_script_goes() {
        let out = sanitize(
            "<h1>Head</h1><p onclick=x() class=a>Text <a href=\"javascript:alert(1)\">bad</a> \
             <a href=\"https://example.org/?a=1&b=2\">good</a></p><script>alert(1)</script>\
             <svg><script>alert(1)</script></svg><img src=x.png alt='a \"q\"' onerror=y()>",
            BaseUrl::parse("https://example.org/news/item").as_ref(),
        );
        assert_eq!(
            out,
            "<h2>Head</h2><p>Text <a rel=\"noopener noreferrer nofollow\">bad</a> \
             <a href=\"https://example.org/?a=1&amp;b=2\" rel=\"noopener noreferrer nofollow\">good</a></p>\
             <img alt=\"a &quot;q&quot;\" src=\"https://example.org/news/x.png\" loading=\"lazy\" decoding=\"async\" referrerpolicy=\"no-referrer\">"
        );
    }

    #[test]
    fn deep_nesting_is_bounded_and_does_not_overflow() {
        let html = "<div>".repeat(10_000) + "deep" + &"</div>".repeat(10_000);
        let out = sanitize(&html, None);
        assert!(out.contains("deep"));
        assert!(out.matches("<div>").count() <= super::MAX_DEPTH);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(sanitize("a &lt;b&gt; &amp; c", None), "a &lt;b&gt; &amp; c");
    }
}
