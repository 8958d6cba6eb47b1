#pragma once
// Work a write leaves to the end of its transaction: sums that many writes add to the same rows
// (a county's count of botnets, the CERT's) are added up in memory and written once, just before
// COMMIT, for all the writes that share the commit (group commit).
//
// A write's own work joins its group's when its savepoint is released and is dropped when it is
// rolled back. A write that reads or clears what deferred work writes settles everything first; if
// it is then rolled back, the group's part it wrote goes back to the group, so nothing of an
// earlier write is lost with a later one.
#include <map>
#include <memory>
#include <typeindex>

namespace tongbao::store {

class Transaction;

class DeferredWork {
 public:
  virtual ~DeferredWork() = default;
  // Takes in what another write left of the same kind.
  virtual void absorb(DeferredWork& other) = 0;
  // Writes it, and keeps it as it was: if the savepoint it was written in is rolled back, it is
  // left again.
  virtual void write(Transaction& tx) = 0;
};

class DeferredWorks {
 public:
  // This write's work of kind W, made empty the first time it is asked for.
  template <typename W>
  W& of() {
    auto& slot = own_[std::type_index(typeid(W))];
    if (!slot) slot = std::make_unique<W>();
    return static_cast<W&>(*slot);
  }

  // Writes everything left so far: for a write about to read or clear what it writes.
  void settle(Transaction& tx);
  // Writes everything left, before COMMIT; nothing is left afterwards.
  void write_all(Transaction& tx);

  // The write's savepoint was released: its work joins the group's.
  void keep();
  // The write's savepoint was rolled back: its work is dropped, and the group's part it settled
  // (written inside the savepoint, so undone with it) is left again.
  void drop();
  // The transaction ended without committing: nothing is left.
  void clear();

 private:
  using Works = std::map<std::type_index, std::unique_ptr<DeferredWork>>;
  static void join(Works& into, std::type_index kind, std::unique_ptr<DeferredWork> work);

  Works own_, group_, group_settled_;
};

}  // namespace tongbao::store
