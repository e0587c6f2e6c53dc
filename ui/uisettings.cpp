#include "ui/uisettings.h"

namespace tickstock::ui {
namespace {
const QString kSchemaKey = QStringLiteral("ui/schemaVersion");

void migrate(QSettings &s)
{
    const int version = s.value(kSchemaKey, 0).toInt();
    if (version > UiSettings::kSchemaVersion) {
        // Written by a newer build: its layout blobs may not restore here; start from defaults.
        s.remove(QStringLiteral("ui"));
    }
    s.setValue(kSchemaKey, UiSettings::kSchemaVersion);
}
} // namespace

UiSettings::UiSettings()
    : m_settings(std::make_unique<QSettings>())
{
    migrate(*m_settings);
}

UiSettings::UiSettings(const QString &iniFile)
    : m_settings(std::make_unique<QSettings>(iniFile, QSettings::IniFormat))
{
    migrate(*m_settings);
}

QByteArray UiSettings::bytes(const QString &key) const { return m_settings->value(key).toByteArray(); }

void UiSettings::setBytes(const QString &key, const QByteArray &value) { m_settings->setValue(key, value); }

QByteArray UiSettings::windowGeometry() const { return bytes(QStringLiteral("ui/window/geometry")); }
void UiSettings::setWindowGeometry(const QByteArray &value) { setBytes(QStringLiteral("ui/window/geometry"), value); }
QByteArray UiSettings::windowState() const { return bytes(QStringLiteral("ui/window/state")); }
void UiSettings::setWindowState(const QByteArray &value) { setBytes(QStringLiteral("ui/window/state"), value); }

QByteArray UiSettings::columnSplitterState() const { return bytes(QStringLiteral("ui/window/columnSplitter")); }
void UiSettings::setColumnSplitterState(const QByteArray &value)
{
    setBytes(QStringLiteral("ui/window/columnSplitter"), value);
}

QByteArray UiSettings::headerState(int connection) const
{
    return bytes(QStringLiteral("ui/columns/connection_%1/header").arg(connection));
}

void UiSettings::setHeaderState(int connection, const QByteArray &value)
{
    setBytes(QStringLiteral("ui/columns/connection_%1/header").arg(connection), value);
}

QByteArray UiSettings::eventLogHeaderState() const { return bytes(QStringLiteral("ui/eventLog/header")); }
void UiSettings::setEventLogHeaderState(const QByteArray &value) { setBytes(QStringLiteral("ui/eventLog/header"), value); }

void UiSettings::sync() { m_settings->sync(); }

} // namespace tickstock::ui
