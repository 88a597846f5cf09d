//! Any query string and any path: never a panic, and list state round-trips after one read.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsroom_core::query::ListQuery;
use newsroom_core::route::Route;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let query = ListQuery::parse(&text);
    assert_eq!(ListQuery::parse(&query.to_query_string()), query);
    let route = Route::parse(&text);
    if route != Route::NotFound {
        assert_eq!(Route::parse(&route.path()), route);
    }
});
