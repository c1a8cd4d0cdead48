#pragma once
namespace sl {
inline constexpr const char* kVersion = SCENELENS_VERSION;
}
