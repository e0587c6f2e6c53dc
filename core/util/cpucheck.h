#pragma once
// The feed parser may be built for AVX2 (see TICKSTOCK_SIMD); apps check the CPU before using it.

#include <QtCore/QString>

namespace tickstock {
// True when this CPU can run the build; otherwise `why` says what is missing and what to do.
bool cpuSupportsBuild(QString *why);
}
