#pragma once
// One error type for every rule the platform enforces. The API turns it into the shared
// JSON error shape; the CLI prints it. Core code never knows about HTTP status codes.
#include <stdexcept>
#include <string>
#include <vector>

namespace tongbao::core {

enum class ErrorKind {
  invalid,         // the input breaks a rule; `field` names the culprit
  unauthenticated, // no valid credentials
  forbidden,       // valid credentials, not allowed
  not_found,
  conflict,        // would clash with existing data
  too_many,        // slowed down or busy: try again later (retry_after_seconds)
  payload_too_large,
  unavailable,     // not ready yet (e.g. statistics still being summed): try again later
};

// One problem in one row of a bulk input (CSV import): row is 1-based as a spreadsheet shows it.
struct RowError {
  int row = 0;
  std::string field;
  std::string message;
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string code, std::string message, std::string field = {})
      : std::runtime_error(message), kind_(kind), code_(std::move(code)), field_(std::move(field)) {}

  ErrorKind kind() const { return kind_; }
  const std::string& code() const { return code_; }
  const std::string& field() const { return field_; }
  std::vector<RowError> row_errors;  // filled for bulk inputs
  long retry_after_seconds = 0;      // filled for too_many and unavailable
  std::vector<std::string> suggestions;  // what to change, as codes (a weak password)

 private:
  ErrorKind kind_;
  std::string code_;
  std::string field_;
};

inline Error invalid(std::string field, std::string message) {
  return Error(ErrorKind::invalid, "invalid_field", std::move(message), std::move(field));
}
inline Error forbidden(std::string message) {
  return Error(ErrorKind::forbidden, "forbidden", std::move(message));
}
inline Error not_found(std::string message) {
  return Error(ErrorKind::not_found, "not_found", std::move(message));
}

}  // namespace tongbao::core
