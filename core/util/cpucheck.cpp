#include "util/cpucheck.h"

namespace tickstock {

bool cpuSupportsBuild(QString *why)
{
#if defined(TICKSTOCK_REQUIRES_AVX2) && (defined(__x86_64__) || defined(__i386__))
    __builtin_cpu_init();
    const bool ok = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi")
        && __builtin_cpu_supports("popcnt");
    if (!ok && why)
        *why = QStringLiteral("this build of TickStock Monitor needs an x86-64 CPU with AVX2 and BMI "
                              "(Intel Haswell / AMD Excavator or newer); rebuild with -DTICKSTOCK_SIMD=generic");
    return ok;
#else
    Q_UNUSED(why);
    return true;
#endif
}

} // namespace tickstock
