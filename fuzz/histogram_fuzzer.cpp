// Duration histograms as stored by the statistics sums ("5,1,2,7:7"): DurationHistogram::
// decode_add and HistogramSum::add_encoded read the same text the same way, refuse anything else
// with std::invalid_argument (and then add nothing), and a decoded histogram encodes back to a
// text that decodes to it.
#include <stdexcept>

#include "core/duration_histogram.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tongbao::core;
  const auto text = tongbao::fuzz::text_of(data, size);
  DurationHistogram histogram;
  bool decoded = true;
  try {
    histogram.decode_add(text);
  } catch (const std::invalid_argument&) {
    decoded = false;
  }
  HistogramSum sum;
  sum.add(60'000);  // something already in the sum, which a refused text must leave alone
  bool summed = true;
  try {
    sum.add_encoded(text);
  } catch (const std::invalid_argument&) {
    summed = false;
  }
  FUZZ_CHECK(decoded == summed);
  if (!decoded) {
    FUZZ_CHECK(sum.total() == 1);
    return 0;
  }
  FUZZ_CHECK(sum.total() == histogram.total() + 1);
  DurationHistogram again;
  again.decode_add(histogram.encode());
  FUZZ_CHECK(again == histogram);
  sum.add_encoded(text, -1);
  FUZZ_CHECK(sum.total() == 1);
  FUZZ_CHECK(sum.quantile(0.5) == 60'000);
  return 0;
}
