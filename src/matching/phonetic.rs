//! Temporary: replaced by the phonetic helper's version.
use compact_str::CompactString;

pub fn phonetic_key(folded: &str) -> CompactString {
    let mut out = CompactString::default();
    let mut last = ' ';
    for c in folded.chars() {
        let c = match c {
            'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'h' | 'w' => {
                if out.is_empty() {
                    c
                } else {
                    last = ' ';
                    continue;
                }
            }
            'b' | 'p' => 'p',
            'c' | 'k' | 'q' | 'g' => 'k',
            'd' | 't' => 't',
            's' | 'z' | 'x' => 's',
            'f' | 'v' => 'f',
            'm' | 'n' => 'n',
            ' ' => ' ',
            c => c,
        };
        if c != last {
            out.push(c);
        }
        last = c;
    }
    out
}

pub fn company_phonetic_key(folded: &str) -> CompactString {
    phonetic_key(folded)
}
