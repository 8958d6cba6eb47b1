#pragma once
// Country of an IP address from an .mmdb file (libmaxminddb). The default file comes from the
// ip-location-db project (CC0, with NRO data under CC BY 4.0); an operator may point to another.
#include <memory>
#include <optional>
#include <string>

namespace tongbao::statistics {

class CountryDatabase {
 public:
  // Throws std::runtime_error naming the file when it cannot be opened.
  explicit CountryDatabase(const std::string& path);
  ~CountryDatabase();
  CountryDatabase(const CountryDatabase&) = delete;
  CountryDatabase& operator=(const CountryDatabase&) = delete;

  // ISO 3166-1 alpha-2 code, or nothing when the address is not in the database.
  std::optional<std::string> country(const std::string& ip) const;
  const std::string& path() const { return path_; }
  std::string description() const;  // what the file says it is

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string path_;
};

}  // namespace tongbao::statistics
