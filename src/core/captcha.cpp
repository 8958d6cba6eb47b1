#include "core/captcha.h"

#include <cmath>
#include <cstdio>
#include <random>

namespace tongbao::core {
namespace {

// Seven-segment strokes of each digit on a 20 x 36 cell: a top, b upper right, c lower right,
// d bottom, e lower left, f upper left, g middle.
constexpr const char* kSegments[10] = {"abcdef", "bc", "abged", "abgcd", "fgbc", "afgcd", "afgedc", "abc", "abcdefg", "abcdfg"};

struct Point {
  double x, y;
};

std::pair<Point, Point> segment(char s) {
  switch (s) {
    case 'a': return {{0, 0}, {20, 0}};
    case 'b': return {{20, 0}, {20, 18}};
    case 'c': return {{20, 18}, {20, 36}};
    case 'd': return {{0, 36}, {20, 36}};
    case 'e': return {{0, 18}, {0, 36}};
    case 'f': return {{0, 0}, {0, 18}};
    default: return {{0, 18}, {20, 18}};
  }
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

}  // namespace

std::string captcha_svg(std::string_view digits, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> jitter(-2.5, 2.5), angle(-0.25, 0.25), unit(0, 1);
  const double width = 30.0 + 34.0 * static_cast<double>(digits.size()), height = 64;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(width) + "\" height=\"" + num(height) +
                    "\" viewBox=\"0 0 " + num(width) + " " + num(height) + "\">";
  svg += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>";
  // Noise first, lighter than the digits, so people still read them easily.
  for (int i = 0; i < 7; ++i)
    svg += "<path d=\"M" + num(unit(rng) * width) + " " + num(unit(rng) * height) + " L" + num(unit(rng) * width) +
           " " + num(unit(rng) * height) + "\" stroke=\"#9aa5b1\" stroke-width=\"1.5\"/>";
  double x = 20;
  for (char ch : digits) {
    if (ch < '0' || ch > '9') continue;
    const double a = angle(rng), cx = x + 10, cy = height / 2;
    auto place = [&](Point p) {
      const double px = p.x - 10 + jitter(rng), py = p.y - 18 + jitter(rng);
      return Point{cx + px * std::cos(a) - py * std::sin(a), cy + px * std::sin(a) + py * std::cos(a)};
    };
    std::string d;
    for (const char* s = kSegments[ch - '0']; *s; ++s) {
      auto [from, to] = segment(*s);
      const auto p = place(from), q = place(to);
      d += "M" + num(p.x) + " " + num(p.y) + " L" + num(q.x) + " " + num(q.y) + " ";
    }
    svg += "<path d=\"" + d + "\" stroke=\"#1f2933\" stroke-width=\"3.5\" stroke-linecap=\"round\" fill=\"none\"/>";
    x += 34;
  }
  svg += "</svg>";
  return svg;
}

std::string svg_data_url(std::string_view svg) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out = "data:image/svg+xml;base64,";
  size_t i = 0;
  for (; i + 2 < svg.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(svg[i]) << 16) | (static_cast<unsigned char>(svg[i + 1]) << 8) |
                       static_cast<unsigned char>(svg[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < svg.size()) {
    unsigned v = static_cast<unsigned char>(svg[i]) << 16;
    if (i + 1 < svg.size()) v |= static_cast<unsigned char>(svg[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < svg.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace tongbao::core
