#pragma once
// The yardstick for the read benchmarks: the smallest keep-alive HTTP server Boost.Beast makes
// (its asynchronous example, answering "Hello, world!" to every request), on its own threads in
// the benchmark's process, so the two are measured in the same run on the same cores.
#include <memory>

namespace tongbao::bench {

class HelloWorldServer {
 public:
  explicit HelloWorldServer(int threads);
  ~HelloWorldServer();
  unsigned short port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tongbao::bench
