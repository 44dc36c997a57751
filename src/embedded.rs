//! Files compiled into the binary: the default theme and the example project.

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
