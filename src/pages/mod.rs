//! One file per route (SPEC §3).

pub mod article;
pub mod author;
pub mod home;
pub mod not_found;
pub mod topic;
