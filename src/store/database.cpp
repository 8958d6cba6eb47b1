#include "store/database.h"

#include <algorithm>

#include "core/error.h"

namespace tongbao::store {

void check_text_parameter(std::string_view text) {
  if (text.find('\0') != std::string_view::npos)
    throw core::invalid("", "Text may not contain the NUL character (U+0000).");
}

void in_chunks(const std::vector<Value>& values, size_t per_statement,
               const std::function<void(const std::vector<Value>& chunk, const std::string& marks)>& fn) {
  for (size_t from = 0; from < values.size(); from += per_statement) {
    const size_t n = std::min(per_statement, values.size() - from);
    std::vector<Value> chunk(values.begin() + static_cast<std::ptrdiff_t>(from),
                             values.begin() + static_cast<std::ptrdiff_t>(from + n));
    std::string marks;
    for (size_t i = 0; i < n; ++i) marks += i ? ", ?" : "?";
    fn(chunk, marks);
  }
}

std::int64_t Row::integer(size_t i) const {
  const auto& v = values_.at(i);
  if (auto p = std::get_if<std::int64_t>(&v)) return *p;
  if (auto d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
  if (auto s = std::get_if<std::string>(&v)) return std::stoll(*s);
  return 0;
}

std::string Row::text(size_t i) const {
  const auto& v = values_.at(i);
  if (auto s = std::get_if<std::string>(&v)) return *s;
  if (auto p = std::get_if<std::int64_t>(&v)) return std::to_string(*p);
  if (auto d = std::get_if<double>(&v)) return std::to_string(*d);
  return {};
}

std::optional<std::int64_t> Row::optional_integer(size_t i) const {
  if (is_null(i)) return std::nullopt;
  return integer(i);
}

std::optional<std::string> Row::optional_text(size_t i) const {
  if (is_null(i)) return std::nullopt;
  return text(i);
}

std::optional<Row> Transaction::query_one(std::string_view sql, const std::vector<Value>& params) {
  auto rows = query(sql, params);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

void Database::write_rerunnable_async(std::function<void(Transaction&)> fn, WriteDone done) {
  std::exception_ptr error;
  try {
    write_rerunnable(fn);
  } catch (...) {
    error = std::current_exception();
  }
  done(error);
}

}  // namespace tongbao::store
