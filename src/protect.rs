//! Password protection for an audience's site: every page is encrypted at build time with
//! AES-256-GCM, under a key derived from the password with PBKDF2-HMAC-SHA256, and replaced by
//! a small page that asks for the password and decrypts in the browser with WebCrypto.
//!
//! The salt is random, made once per site and kept in the output folder's marker, so that a
//! key remembered in a browser stays valid across builds while the password is unchanged.
//! Every page has its own random nonce.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::diagnostics::Diagnostic;

/// PBKDF2 iterations: OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.
pub const ITERATIONS: u32 = 600_000;

/// A site's key, and what the browser needs to derive it again from the password.
pub struct Lock {
    key: [u8; 32],
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
        Ok(Lock {
            key,
            salt,
            iterations: ITERATIONS,
        })
    }

    pub fn salt_text(&self) -> String {
        BASE64.encode(self.salt)
    }

    /// Encrypts `plaintext` under a fresh random nonce.
    pub fn seal(&self, plaintext: &[u8]) -> Result<Sealed, Diagnostic> {
        let nonce: [u8; 12] = random()?;
        let cipher = Aes256Gcm::new_from_slice(&self.key).expect("a 256-bit key");
        let ciphertext = cipher
            .encrypt(Nonce::from_slice(&nonce), plaintext)
            .map_err(|_| Diagnostic::error("a page could not be encrypted").code("io"))?;
        Ok(Sealed {
            nonce: BASE64.encode(nonce),
            ciphertext: BASE64.encode(ciphertext),
        })
    }
}

/// A key derived from a password, as the browser derives it, to open sealed pages.
pub struct Key([u8; 32]);

impl Key {
    pub fn derive(password: &str, salt: &str, iterations: u32) -> Option<Key> {
        let salt = BASE64.decode(salt).ok()?;
        let mut key = [0u8; 32];
        pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password.as_bytes(), &salt, iterations, &mut key);
        Some(Key(key))
    }

    /// The page, or `None` when the key is not the page's (a wrong password).
    pub fn open(&self, nonce: &str, ciphertext: &str) -> Option<Vec<u8>> {
        let nonce = BASE64.decode(nonce).ok()?;
        let ciphertext = BASE64.decode(ciphertext).ok()?;
        if nonce.len() != 12 {
            return None;
        }
        let cipher = Aes256Gcm::new_from_slice(&self.0).ok()?;
        cipher
            .decrypt(Nonce::from_slice(&nonce), ciphertext.as_slice())
            .ok()
    }
}

/// Decrypts a sealed page with `password`, as the browser does; `None` for a wrong password.
pub fn open(
    password: &str,
    salt: &str,
    iterations: u32,
    nonce: &str,
    ciphertext: &str,
) -> Option<Vec<u8>> {
    Key::derive(password, salt, iterations)?.open(nonce, ciphertext)
}

/// Reads a site's salt back from its text form.
pub fn parse_salt(text: &str) -> Option<[u8; 16]> {
    BASE64.decode(text.trim()).ok()?.try_into().ok()
}

fn random<const N: usize>() -> Result<[u8; N], Diagnostic> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| {
        Diagnostic::error(format!("the system gave no random numbers: {e}")).code("io")
    })?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let lock = Lock::new("correct horse battery staple", None).unwrap();
        let sealed = lock.seal(b"<p>call sheet</p>").unwrap();
        assert!(!sealed.ciphertext.contains("call sheet"));
        let opened = open(
            "correct horse battery staple",
            &lock.salt_text(),
            lock.iterations,
            &sealed.nonce,
            &sealed.ciphertext,
        );
        assert_eq!(opened.as_deref(), Some(&b"<p>call sheet</p>"[..]));
        assert!(
            open(
                "wrong",
                &lock.salt_text(),
                lock.iterations,
                &sealed.nonce,
                &sealed.ciphertext
            )
            .is_none()
        );
    }

    #[test]
    fn nonces_never_repeat_and_salts_persist() {
        let lock = Lock::new("pw", Some([7; 16])).unwrap();
        let a = lock.seal(b"x").unwrap();
        let b = lock.seal(b"x").unwrap();
        assert_ne!(a.nonce, b.nonce);
        assert_ne!(a.ciphertext, b.ciphertext);
        assert_eq!(parse_salt(&lock.salt_text()), Some([7; 16]));
        let again = Lock::new("pw", parse_salt(&lock.salt_text())).unwrap();
        assert_eq!(again.key, lock.key);
    }
}
