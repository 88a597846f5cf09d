//! Numbers as the views print them.

/// `n` with its digits grouped by thousands, as the views' English text writes them
/// ("10,000 articles"): a count of five digits or more is hard to read at a glance without.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::grouped;

    #[test]
    fn thousands_are_grouped() {
        let cases = [
            (0, "0"),
            (7, "7"),
            (999, "999"),
            (1_000, "1,000"),
            (10_000, "10,000"),
            (123_456, "123,456"),
            (1_000_000, "1,000,000"),
        ];
        for (n, text) in cases {
            assert_eq!(grouped(n), text);
        }
    }
}
