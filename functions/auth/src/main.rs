shared::http_function_main!(auth::handle);
