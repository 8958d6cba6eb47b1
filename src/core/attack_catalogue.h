#pragma once
// The techniques and tactics of MITRE ATT&CK Enterprise (catalogues/attack/), read from their CSV
// files: which identifiers exist, their names, and a search by identifier or name for pickers.
#include <string>
#include <string_view>
#include <vector>

namespace tongbao::core {

struct AttackTactic {
  std::string id, shortname, name;  // "TA0001", "initial-access", "Initial Access"
};

struct AttackTechnique {
  std::string id, name;              // "T1566.001", "Spearphishing Attachment"
  std::vector<std::string> tactics;  // tactic identifiers
};

class AttackCatalogue {
 public:
  // Throws core::Error naming the file and row when a file is not the catalogue's shape.
  static AttackCatalogue parse(std::string_view techniques_csv, std::string_view tactics_csv);

  const AttackTechnique* find(std::string_view id) const;
  const AttackTactic* tactic(std::string_view id) const;
  // Techniques whose identifier starts with `text` or whose name holds it (ignoring ASCII case),
  // identifiers first; everything when `text` is empty. At most `limit`.
  std::vector<const AttackTechnique*> search(std::string_view text, std::size_t limit) const;
  std::size_t size() const { return techniques_.size(); }

 private:
  std::vector<AttackTechnique> techniques_;  // sorted by identifier
  std::vector<AttackTactic> tactics_;
};

}  // namespace tongbao::core
