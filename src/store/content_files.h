#pragma once
// The files people upload (evidence, reports) are kept once by their SHA-256 under one folder
// (`<data>/attachments/ab/abcdef…`), whatever record names them: a ticket's attachment, the
// evidence of an unblock request or of an improvement item. Backups copy the files the records name.
#include <string>

#include "store/database.h"

namespace tongbao::store::files {

// The digest of a file read in chunks, so a large file never sits in memory. Throws if unreadable.
std::string sha256_file_hex(const std::string& path);

// Every digest any record names, as one query (backups run it on their copy).
extern const char* const kNamedDigestsQuery;
// Whether any record names this content.
bool content_in_use(Transaction& tx, const std::string& sha256);

class ContentFiles {
 public:
  explicit ContentFiles(std::string dir) : dir_(std::move(dir)) {}
  struct Received {
    std::string sha256;
    long long size_bytes = 0;
  };
  // An uploaded temporary file, hashed and synced to disk before its record commits (an
  // acknowledged upload is never lost); 400 when it is empty.
  Received receive(const std::string& temp_file) const;
  // Moves it into place unless the same content is there already; true when this call placed it
  // (and so should take it back if the record is refused after all).
  bool place(const std::string& temp_file, const std::string& sha256) const;
  void remove(const std::string& sha256) const;
  std::string path_of(const std::string& sha256) const;

 private:
  std::string dir_;
};

}  // namespace tongbao::store::files
