#pragma once
// The demo organisation the server seeds with --demo (see src/app/bootstrap.cpp).
namespace tongbao::test_support::demo {

constexpr const char* kCert = "2.16.886.111.90000.1";
constexpr const char* kRegion = "2.16.886.111.90000.2";
constexpr const char* kCountyA = "2.16.886.111.90000.3";  // Kaohsiung
constexpr const char* kCountyB = "2.16.886.111.90000.4";  // Pingtung
constexpr const char* kSchoolA1 = "2.16.886.111.90000.31";
constexpr const char* kSchoolA2 = "2.16.886.111.90000.32";
constexpr const char* kSchoolB1 = "2.16.886.111.90000.41";
constexpr const char* kSchoolB2 = "2.16.886.111.90000.42";

}  // namespace tongbao::test_support::demo
