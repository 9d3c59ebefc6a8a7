//! Web inputs: the formats articles are published in on the web, read
//! into plain parts the corpus makes articles of.

pub mod feed;
