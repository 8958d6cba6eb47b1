#include "statistics/country_database.h"

#include <maxminddb.h>

#include <stdexcept>

namespace tongbao::statistics {

struct CountryDatabase::Impl {
  MMDB_s db{};
};

CountryDatabase::CountryDatabase(const std::string& path) : impl_(std::make_unique<Impl>()), path_(path) {
  const int rc = MMDB_open(path.c_str(), MMDB_MODE_MMAP, &impl_->db);
  if (rc != MMDB_SUCCESS) throw std::runtime_error("cannot open the country database " + path + ": " + MMDB_strerror(rc));
}

CountryDatabase::~CountryDatabase() { MMDB_close(&impl_->db); }

std::optional<std::string> CountryDatabase::country(const std::string& ip) const {
  int gai_error = 0, mmdb_error = 0;
  auto result = MMDB_lookup_string(&impl_->db, ip.c_str(), &gai_error, &mmdb_error);
  if (gai_error || mmdb_error != MMDB_SUCCESS || !result.found_entry) return std::nullopt;
  MMDB_entry_data_s data;
  // ip-location-db files say "country_code"; MaxMind-style files say country.iso_code.
  if (MMDB_get_value(&result.entry, &data, "country_code", nullptr) != MMDB_SUCCESS || !data.has_data)
    if (MMDB_get_value(&result.entry, &data, "country", "iso_code", nullptr) != MMDB_SUCCESS || !data.has_data)
      return std::nullopt;
  if (data.type != MMDB_DATA_TYPE_UTF8_STRING) return std::nullopt;
  return std::string(data.utf8_string, data.data_size);
}

std::string CountryDatabase::description() const {
  return impl_->db.metadata.database_type ? impl_->db.metadata.database_type : "mmdb";
}

}  // namespace tongbao::statistics
