// Uploader module
