shared::http_function_main!(webhooks::handle);
