//! Password protection for an audience's site: every page, image, calendar and zip is
//! encrypted at build time with AES-256-GCM, under a key derived from the password with
//! PBKDF2-HMAC-SHA256. Pages become a small page that asks for the password and decrypts in
//! the browser with WebCrypto; other files become opaque bytes that the unlocked page fetches
//! and decrypts itself.
//!
//! Each file is sealed with its address in the site (`/schedule/day-1.ics`) as associated
//! data, so a ciphertext moved to another address does not open. Every file has its own random
//! nonce. The salt is random, made once per site and kept in the build's records outside the
//! site, so that a key remembered in a browser stays valid across builds while the password is
//! unchanged.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, Mac};

use crate::diagnostics::{Code, Diagnostic};

/// PBKDF2 iterations: OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.
pub const ITERATIONS: u32 = 600_000;

/// How long a browser remembers a site's key when the visitor asks it to, unless the audience
/// says otherwise.
pub const REMEMBER_DAYS: u32 = 30;

/// The bytes before the ciphertext in a sealed file: its nonce.
pub const NONCE_LEN: usize = 12;

/// A site's key, and what the browser needs to derive it again from the password.
pub struct Lock {
    key: [u8; 32],
    /// A second key, for the names of sealed files: it never encrypts anything.
    names: [u8; 32],
    pub salt: [u8; 16],
    pub iterations: u32,
}

/// One encrypted page, ready to embed.
pub struct Sealed {
    pub nonce: String,
    pub ciphertext: String,
}

impl Lock {
    /// Derives the key for `password`; `salt` is the site's, or a new random one.
    pub fn new(password: &str, salt: Option<[u8; 16]>) -> Result<Lock, Diagnostic> {
        let salt = match salt {
            Some(salt) => salt,
            None => random()?,
        };
        let mut key = [0u8; 32];
        pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password.as_bytes(), &salt, ITERATIONS, &mut key);
        let names = keyed_hash(&key, b"clapboard file names");
        Ok(Lock {
            key,
            names,
            salt,
            iterations: ITERATIONS,
        })
    }

    pub fn salt_text(&self) -> String {
        BASE64.encode(self.salt)
    }

    /// Encrypts the page at `address` (`/schedule/day-1/`) under a fresh random nonce.
    pub fn seal(&self, address: &str, plaintext: &[u8]) -> Result<Sealed, Diagnostic> {
        let (nonce, ciphertext) = self.encrypt(address, plaintext)?;
        Ok(Sealed {
            nonce: BASE64.encode(nonce),
            ciphertext: BASE64.encode(ciphertext),
        })
    }

    /// Encrypts the file at `address` (`/press/press-kit.zip`) as it is published: its nonce,
    /// then the ciphertext with its tag.
    pub fn seal_file(&self, address: &str, plaintext: &[u8]) -> Result<Vec<u8>, Diagnostic> {
        let (nonce, ciphertext) = self.encrypt(address, plaintext)?;
        let mut sealed = Vec::with_capacity(NONCE_LEN + ciphertext.len());
        sealed.extend_from_slice(&nonce);
        sealed.extend_from_slice(&ciphertext);
        Ok(sealed)
    }

    fn encrypt(&self, address: &str, plaintext: &[u8]) -> Result<([u8; 12], Vec<u8>), Diagnostic> {
        let nonce: [u8; NONCE_LEN] = random()?;
        let cipher = Aes256Gcm::new_from_slice(&self.key).expect("a 256-bit key");
        let payload = Payload {
            msg: plaintext,
            aad: address.as_bytes(),
        };
        let ciphertext = cipher
            .encrypt(Nonce::from_slice(&nonce), payload)
            .map_err(|_| {
                Diagnostic::error(Code::Io, format!("{address} could not be encrypted"))
            })?;
        Ok((nonce, ciphertext))
    }

    /// A file name that says nothing of `what` it names to anyone without the key, and stays
    /// the same from build to build while the key and `what` do.
    pub fn file_name(&self, what: &str) -> String {
        crate::assets::hex(&keyed_hash(&self.names, what.as_bytes())[..16])
    }
}

fn keyed_hash(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// A key derived from a password, as the browser derives it, to open sealed files.
pub struct Key([u8; 32]);

impl Key {
    pub fn derive(password: &str, salt: &str, iterations: u32) -> Option<Key> {
        let salt = BASE64.decode(salt).ok()?;
        let mut key = [0u8; 32];
        pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password.as_bytes(), &salt, iterations, &mut key);
        Some(Key(key))
    }

    /// The page at `address`, or `None` when the key is not the page's (a wrong password) or
    /// the page was sealed for another address.
    pub fn open(&self, address: &str, nonce: &str, ciphertext: &str) -> Option<Vec<u8>> {
        let nonce = BASE64.decode(nonce).ok()?;
        let ciphertext = BASE64.decode(ciphertext).ok()?;
        self.decrypt(address, &nonce, &ciphertext)
    }

    /// A sealed file as published at `address`, opened; `None` as for [`Key::open`].
    pub fn open_file(&self, address: &str, sealed: &[u8]) -> Option<Vec<u8>> {
        if sealed.len() < NONCE_LEN {
            return None;
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
        self.decrypt(address, nonce, ciphertext)
    }

    fn decrypt(&self, address: &str, nonce: &[u8], ciphertext: &[u8]) -> Option<Vec<u8>> {
        if nonce.len() != NONCE_LEN {
            return None;
        }
        let cipher = Aes256Gcm::new_from_slice(&self.0).ok()?;
        let payload = Payload {
            msg: ciphertext,
            aad: address.as_bytes(),
        };
        cipher.decrypt(Nonce::from_slice(nonce), payload).ok()
    }
}

/// Decrypts a sealed page with `password`, as the browser does; `None` for a wrong password
/// or another address.
pub fn open(
    password: &str,
    salt: &str,
    iterations: u32,
    address: &str,
    nonce: &str,
    ciphertext: &str,
) -> Option<Vec<u8>> {
    Key::derive(password, salt, iterations)?.open(address, nonce, ciphertext)
}

/// Reads a site's salt back from its text form.
pub fn parse_salt(text: &str) -> Option<[u8; 16]> {
    BASE64.decode(text.trim()).ok()?.try_into().ok()
}

/// The address a page's file is sealed for: `schedule/day-1/index.html` -> `/schedule/day-1/`.
pub fn page_address(file: &str) -> String {
    let address = format!("/{file}");
    match address.strip_suffix("index.html") {
        Some(folder) if folder.ends_with('/') => folder.to_string(),
        _ => address,
    }
}

/// Refuses a password that can be guessed, unless the audience accepts weak passwords:
/// anyone can download a locked site and try passwords against it offline. `context` is
/// words a guesser would try first (the production's title, artist, the audience's name).
pub fn check_strength(audience: &str, password: &str, context: &[&str]) -> Result<(), Diagnostic> {
    let estimate = zxcvbn::zxcvbn(password, context);
    if estimate.score() >= zxcvbn::Score::Four {
        return Ok(());
    }
    let mut why = Vec::new();
    if let Some(feedback) = estimate.feedback() {
        if let Some(warning) = feedback.warning() {
            why.push(warning.to_string());
        }
        why.extend(feedback.suggestions().iter().map(|s| s.to_string()));
    }
    let guesses = estimate.guesses_log10();
    let guesses = if guesses < 6.0 {
        format!("{:.0}", 10f64.powf(guesses))
    } else {
        format!("10^{guesses:.0}")
    };
    let why = why.iter().map(|s| format!("{s} ")).collect::<String>();
    Err(Diagnostic::error(Code::WeakPassword, format!(
        "the {audience} site's password is too weak: it would fall to about {guesses} guesses, and anyone can download the locked site and try passwords offline"
    ))
    .in_file(crate::load::CONFIG_FILE)
    .hint(format!(
        "{why}Use a passphrase of four or more random words, or 16+ random characters; or add `accept_weak_password: true` to the {audience} audience if its site holds nothing worth guessing for"
    )))
}

fn random<const N: usize>() -> Result<[u8; N], Diagnostic> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| {
        Diagnostic::error(Code::Io, format!("the system gave no random numbers: {e}"))
    })?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let lock = Lock::new("correct horse battery staple", None).unwrap();
        let sealed = lock.seal("/schedule/", b"<p>call sheet</p>").unwrap();
        assert!(!sealed.ciphertext.contains("call sheet"));
        let open_at = |password: &str, address: &str| {
            open(
                password,
                &lock.salt_text(),
                lock.iterations,
                address,
                &sealed.nonce,
                &sealed.ciphertext,
            )
        };
        assert_eq!(
            open_at("correct horse battery staple", "/schedule/").as_deref(),
            Some(&b"<p>call sheet</p>"[..])
        );
        assert!(open_at("wrong", "/schedule/").is_none());
    }

    #[test]
    fn a_sealed_file_opens_only_at_its_own_address() {
        let lock = Lock::new("correct horse battery staple", Some([3; 16])).unwrap();
        let key = Key::derive(
            "correct horse battery staple",
            &lock.salt_text(),
            ITERATIONS,
        )
        .unwrap();
        let calendar = lock
            .seal_file("/schedule/day-1.ics", b"BEGIN:VCALENDAR")
            .unwrap();
        assert_eq!(
            key.open_file("/schedule/day-1.ics", &calendar).as_deref(),
            Some(&b"BEGIN:VCALENDAR"[..])
        );
        assert!(key.open_file("/schedule/day-2.ics", &calendar).is_none());
        assert!(
            key.open_file("/schedule/day-1.ics", &calendar[..8])
                .is_none()
        );
        let page = lock.seal("/budget/", b"<p>lines</p>").unwrap();
        assert!(key.open("/press/", &page.nonce, &page.ciphertext).is_none());
        assert!(
            key.open("/budget/", &page.nonce, &page.ciphertext)
                .is_some()
        );
    }

    #[test]
    fn nonces_never_repeat_and_salts_persist() {
        let lock = Lock::new("pw", Some([7; 16])).unwrap();
        let a = lock.seal("/", b"x").unwrap();
        let b = lock.seal("/", b"x").unwrap();
        assert_ne!(a.nonce, b.nonce);
        assert_ne!(a.ciphertext, b.ciphertext);
        assert_eq!(parse_salt(&lock.salt_text()), Some([7; 16]));
        let again = Lock::new("pw", parse_salt(&lock.salt_text())).unwrap();
        assert_eq!(again.key, lock.key);
        assert_eq!(again.file_name("a"), lock.file_name("a"));
    }

    #[test]
    fn file_names_depend_on_the_key_and_say_nothing() {
        let one = Lock::new("pw", Some([1; 16])).unwrap();
        let two = Lock::new("pw", Some([2; 16])).unwrap();
        let name = one.file_name("assets/locations/depot.jpg");
        assert_eq!(name.len(), 32);
        assert!(name.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(name, two.file_name("assets/locations/depot.jpg"));
        assert_ne!(name, one.file_name("assets/locations/roof.jpg"));
    }

    #[test]
    fn pages_are_sealed_for_their_address() {
        assert_eq!(page_address("index.html"), "/");
        assert_eq!(
            page_address("schedule/day-1/index.html"),
            "/schedule/day-1/"
        );
        assert_eq!(page_address("404.html"), "/404.html");
        assert_eq!(page_address("notindex.html"), "/notindex.html");
    }

    #[test]
    fn weak_passwords_are_refused_with_a_hint() {
        for weak in ["password", "sodium2026", "Sodium Hours", "crew1234"] {
            let problem = check_strength("crew", weak, &["Sodium Hours", "crew"]).unwrap_err();
            assert_eq!(problem.code, Code::WeakPassword, "{weak}");
            assert!(problem.message.contains("crew site"), "{}", problem.message);
            assert!(
                problem.hint.as_deref().unwrap_or("").contains("passphrase"),
                "{weak}"
            );
        }
        for strong in [
            "label-review-sodium-2026",
            "call-sheet-lamps-out-0919",
            "orbit tulip gravel saxophone",
        ] {
            assert!(
                check_strength("crew", strong, &["Sodium Hours", "crew"]).is_ok(),
                "{strong}"
            );
        }
    }
}
