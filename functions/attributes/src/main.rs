shared::http_function_main!(attributes::handle);
