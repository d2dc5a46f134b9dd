shared::http_function_main!(profiles::handle);
