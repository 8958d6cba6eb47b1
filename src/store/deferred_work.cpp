#include "store/deferred_work.h"

namespace tongbao::store {

void DeferredWorks::join(Works& into, std::type_index kind, std::unique_ptr<DeferredWork> work) {
  auto& slot = into[kind];
  if (slot)
    slot->absorb(*work);
  else
    slot = std::move(work);
}

void DeferredWorks::settle(Transaction& tx) {
  // One kind at a time, moved aside only once written: if a write fails, what is left stays left.
  for (auto it = group_.begin(); it != group_.end();) {
    it->second->write(tx);
    join(group_settled_, it->first, std::move(it->second));
    it = group_.erase(it);
  }
  for (auto it = own_.begin(); it != own_.end();) {
    it->second->write(tx);
    it = own_.erase(it);
  }
}

void DeferredWorks::write_all(Transaction& tx) {
  settle(tx);
  group_settled_.clear();
}

void DeferredWorks::keep() {
  for (auto& [kind, work] : own_) join(group_, kind, std::move(work));
  own_.clear();
  group_settled_.clear();
}

void DeferredWorks::drop() {
  own_.clear();
  for (auto& [kind, work] : group_settled_) join(group_, kind, std::move(work));
  group_settled_.clear();
}

void DeferredWorks::clear() {
  own_.clear();
  group_.clear();
  group_settled_.clear();
}

}  // namespace tongbao::store
