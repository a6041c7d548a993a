//! RFC 3492 Punycode encoding, the inverse of the crate's decoder, so that a test can write any
//! Unicode label in its `xn--` form. Written from the RFC apart from the decoder it checks (whose
//! bias adaptation it repeats, as every implementation of the RFC does).

const BASE: u32 = 36;
const T_MIN: u32 = 1;
const T_MAX: u32 = 26;
const SKEW: u32 = 38;
const DAMP: u32 = 700;

/// The ASCII form of a label, `xn--` prefix included; a label of ASCII only stays as it is.
pub fn to_ascii(label: &str) -> String {
    if label.is_ascii() {
        label.to_string()
    } else {
        format!("xn--{}", encode(label))
    }
}

fn encode(input: &str) -> String {
    let code_points: Vec<u32> = input.chars().map(u32::from).collect();
    let mut output: String = input.chars().filter(char::is_ascii).collect();
    let basic = output.len() as u32;
    if basic > 0 {
        output.push('-');
    }
    let (mut n, mut delta, mut bias, mut handled) = (128u32, 0u32, 72u32, basic);
    while (handled as usize) < code_points.len() {
        let next = code_points
            .iter()
            .copied()
            .filter(|&c| c >= n)
            .min()
            .expect("a code point left");
        delta += (next - n) * (handled + 1);
        n = next;
        for &c in &code_points {
            if c < n {
                delta += 1;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = threshold(k, bias);
                    if q < t {
                        break;
                    }
                    output.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                output.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    output
}

fn threshold(k: u32, bias: u32) -> u32 {
    k.saturating_sub(bias).clamp(T_MIN, T_MAX)
}

fn digit(value: u32) -> char {
    let value = value as u8;
    char::from(if value < 26 { b'a' + value } else { b'0' + value - 26 })
}

fn adapt(delta: u32, length: u32, first: bool) -> u32 {
    let mut delta = if first { delta / DAMP } else { delta / 2 };
    delta += delta / length;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
}

#[test]
fn encodes_rfc_3492_samples() {
    assert_eq!(to_ascii("münchen"), "xn--mnchen-3ya");
    assert_eq!(to_ascii("bücher"), "xn--bcher-kva");
    assert_eq!(to_ascii("日本語"), "xn--wgv71a119e");
    assert_eq!(to_ascii("example"), "example");
}
