shared::http_function_main!(analyses::handle);
