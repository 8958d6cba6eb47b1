#pragma once
// The shapes every answer takes: JSON bodies, and one error shape for every failure:
//   {"error": {"code": "...", "message": "...", "field": "..." | null, "rows": [...]?}}
#include <exception>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "http/message.h"

namespace tongbao::api {

http::Response json_response(int status, const nlohmann::json& body);
// The same for a body that is JSON text already.
http::Response json_text_response(int status, std::string body);
http::Response error_response(int status, const std::string& code, const std::string& message,
                              const std::string& field = {});
http::Response error_response(const core::Error& error);
// A CSV download that Excel opens as UTF-8 (it needs the byte-order mark).
http::Response csv_response(std::string body, const std::string& file_name);
// The same, sent in pieces: `first` (with the header row), then what next_piece gives until "".
http::Response csv_response_in_pieces(std::string first, std::function<std::string()> next_piece,
                                      const std::string& file_name);
// An uploaded file sent back as bytes to save (never a page to render, whatever the uploader
// claimed), under the name it was given (RFC 5987, so a Chinese name survives), with its digest.
http::Response file_download(const std::string& path, const std::string& file_name, const std::string& sha256);
// Turns whatever a handler threw into an answer; unknown failures become a 500 that hides details.
http::Response exception_response(const http::Request& request, std::exception_ptr error);

}  // namespace tongbao::api
