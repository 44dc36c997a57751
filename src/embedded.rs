//! Files compiled into the binary: the default theme, the example project and the
//! blank production.

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
