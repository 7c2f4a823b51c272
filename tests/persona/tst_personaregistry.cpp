// SPDX-License-Identifier: MIT
#include <persona/personaregistry.h>
#include <store/database.h>
#include <store/personastore.h>

#include <QJsonArray>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace Studio;
using namespace Studio::Personas;

namespace {

template<typename T>
QString messageOf(const Result<T> &result)
{
    return result ? QString() : result.error().message;
}

QStringList idsOf(const QList<Persona> &personas)
{
    QStringList ids;
    for (const Persona &persona : personas)
        ids.append(persona.id);
    return ids;
}

Clock fixedClock()
{
    return Clock([] { return QDateTime::fromMSecsSinceEpoch(1'700'000'000'000, QTimeZone::utc()); });
}

} // namespace

class tst_PersonaRegistry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void loadsBuiltIns();
    void findsByIdOrName_data();
    void findsByIdOrName();
    void findUnknownIsNotFound();
    void createDerivesIdFromName();
    void createRefusesDuplicateName_data();
    void createRefusesDuplicateName();
    void createRefusesNameEqualToAnId();
    void createNumbersCollidingSlugs();
    void createWithoutLatinNameGetsGenericId();
    void derivedIdsFollowTheIdRule_data();
    void derivedIdsFollowTheIdRule();
    void createKeepsExplicitValidId();
    void createRefusesInvalidId_data();
    void createRefusesInvalidId();
    void createRefusesTakenId();
    void createRefusesInvalidDefinition();
    void emitsPersonasChanged();
    void failedChangesEmitNothing();
    void updateOfBuiltInIsStoredAsModifiedCopy();
    void updateOfUserPersonaPersists();
    void updateCannotChangeId();
    void updateRefusesNameOfAnother();
    void resetRestoresOriginal();
    void resetOfUserPersonaIsConflict();
    void removeOfBuiltInIsConflict();
    void removeOfUserPersonaPersists();
    void userPersonasKeepCreationOrderAfterReload();
    void damagedStoredRowIsSkipped_data();
    void damagedStoredRowIsSkipped();

private:
    /** A registry on the test's database, loaded. */
    std::unique_ptr<PersonaRegistry> loadedRegistry();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Store::Database> m_db;
};

void tst_PersonaRegistry::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto db = Store::Database::open(m_dir->filePath(u"personas.sqlite"_s));
    QVERIFY2(db, qPrintable(messageOf(db)));
    m_db = std::move(*db);
}

void tst_PersonaRegistry::cleanup()
{
    m_db.reset();
    m_dir.reset();
}

std::unique_ptr<PersonaRegistry> tst_PersonaRegistry::loadedRegistry()
{
    auto registry = std::make_unique<PersonaRegistry>(*m_db, fixedClock());
    auto loaded = registry->load();
    if (!loaded) {
        qWarning("load failed: %s", qPrintable(loaded.error().message));
        return nullptr;
    }
    return registry;
}

void tst_PersonaRegistry::loadsBuiltIns()
{
    auto registry = loadedRegistry();
    QVERIFY(registry);
    QCOMPARE(registry->count(), 2);
    QCOMPARE(idsOf(registry->list()), (QStringList{u"aria"_s, u"kira"_s}));
    QCOMPARE(registry->defaultPersona().id, u"aria"_s);

    const QStringList names{u"Aria"_s, u"Kira"_s};
    for (int i = 0; i < 2; ++i) {
        const Persona &persona = registry->list().at(i);
        QCOMPARE(persona.name, names.at(i));
        QVERIFY(persona.builtIn);
        QVERIFY(!persona.modified);
        QVERIFY(!persona.description.isEmpty());
        QVERIFY(!persona.personality.isEmpty());
        QVERIFY(!persona.traits.isEmpty());
        QVERIFY(!persona.speakingStyle.isEmpty());
        QVERIFY(!persona.greeting.isEmpty());
        QVERIFY(!persona.exampleLines.isEmpty());
        QVERIFY(!persona.systemPromptTemplate.isEmpty());
        QVERIFY(!persona.topicPreferences.isEmpty());
        QVERIFY(persona.temperature.has_value());
        QVERIFY2(validatePersona(persona), qPrintable(persona.id));
        const QString prompt = persona.systemPrompt();
        QVERIFY2(prompt.contains(persona.name), qPrintable(prompt));
        QVERIFY2(prompt.contains(persona.description), qPrintable(prompt));
        QVERIFY2(!prompt.contains(u"{{"_s), qPrintable(prompt));
    }
}

void tst_PersonaRegistry::findsByIdOrName_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("id");
    QTest::newRow("id") << u"aria"_s << u"aria"_s;
    QTest::newRow("upper case") << u"ARIA"_s << u"aria"_s;
    QTest::newRow("surrounding spaces") << u" Aria "_s << u"aria"_s;
    QTest::newRow("kira") << u"kira"_s << u"kira"_s;
    QTest::newRow("kira by name") << u"Kira"_s << u"kira"_s;
    QTest::newRow("mixed case, tab") << u"\tkIrA"_s << u"kira"_s;
}

void tst_PersonaRegistry::findsByIdOrName()
{
    QFETCH(QString, query);
    QFETCH(QString, id);
    auto registry = loadedRegistry();
    QVERIFY(registry);
    auto found = registry->find(query);
    QVERIFY2(found, qPrintable(messageOf(found)));
    QCOMPARE(found->id, id);
}

void tst_PersonaRegistry::findUnknownIsNotFound()
{
    auto registry = loadedRegistry();
    QVERIFY(registry);
    auto missing = registry->find(u"zed"_s);
    QVERIFY(!missing);
    QCOMPARE(errorCodeName(missing.error().code), errorCodeName(ErrorCode::NotFound));
    QCOMPARE(missing.error().message, u"Persona 'zed' not found"_s);

    auto spaced = registry->find(u"  zed "_s);
    QVERIFY(!spaced);
    QCOMPARE(spaced.error().message, u"Persona 'zed' not found"_s);

    auto empty = registry->find(u"   "_s);
    QVERIFY(!empty);
    QCOMPARE(errorCodeName(empty.error().code), errorCodeName(ErrorCode::InvalidArgument));
}

void tst_PersonaRegistry::createDerivesIdFromName()
{
    auto registry = loadedRegistry();
    QVERIFY(registry);
    auto created = registry->create(QJsonObject{{"name"_L1, u"Dr. Ada Lovelace"_s},
                                                {"description"_L1, u"a mathematician"_s},
                                                {"traits"_L1, QJsonArray{u"precise"_s}}});
    QVERIFY2(created, qPrintable(messageOf(created)));
    QCOMPARE(created->id, u"dr-ada-lovelace"_s);
    QCOMPARE(created->name, u"Dr. Ada Lovelace"_s);
    QCOMPARE(created->description, u"a mathematician"_s);
    QVERIFY(!created->builtIn);
    QVERIFY(!created->modified);
    QCOMPARE(registry->count(), 3);
    QCOMPARE(idsOf(registry->list()), (QStringList{u"aria"_s, u"kira"_s, u"dr-ada-lovelace"_s}));

    auto byName = registry->find(u"dr. ada lovelace"_s);
    QVERIFY2(byName, qPrintable(messageOf(byName)));
    QVERIFY(*byName == *created);

    // It is stored: a new registry on the same database has it.
    auto reloaded = loadedRegistry();
    QVERIFY(reloaded);
    auto again = reloaded->find(u"dr-ada-lovelace"_s);
    QVERIFY2(again, qPrintable(messageOf(again)));
    QVERIFY(*again == *created);
}

void tst_PersonaRegistry::createRefusesDuplicateName_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("built-in, lower case") << u"aria"_s;
    QTest::newRow("built-in, upper case") << u"KIRA"_s;
    QTest::newRow("built-in, same case") << u"Kira"_s;
    QTest::newRow("user persona, same case") << u"Nova"_s;
    QTest::newRow("user persona, other case") << u"nOVA"_s;
}

void tst_PersonaRegistry::createRefusesDuplicateName()
{
    QFETCH(QString, name);
    auto registry = loadedRegistry();
    QVERIFY(registry);
    QVERIFY(registry->create(QJsonObject{{"name"_L1, u"Nova"_s}}));
    const int before = registry->count();

    auto duplicate = registry->create(QJsonObject{{"name"_L1, name}});
    QVERIFY(!duplicate);
    QCOMPARE(errorCodeName(duplicate.error().code), errorCodeName(ErrorCode::Conflict));
    QCOMPARE(registry->count(), before);
    auto rows = Store::PersonaStore(*m_db).all();
    QVERIFY(rows);
    QCOMPARE(rows->size(), 1);
}

void tst_PersonaRegistry::createRefusesNameEqualToAnId()
{
    auto registry = loadedRegistry();
    QVERIFY(registry);
    auto nova = registry->create(QJsonObject{{"id"_L1, u"navigator"_s}, {"name"_L1, u"Nova"_s}});
    QVERIFY2(nova, qPrintable(messageOf(nova)));

    for (const QString &name : {u"navigator"_s, u"NAVIGATOR"_s}) {
        auto shadow = registry->create(QJsonObject{{"name"_L1, name}});
        QVERIFY(!shadow);
        QCOMPARE(errorCodeName(shadow.error().code), errorCodeName(ErrorCode::Conflict));
    }
    QCOMPARE(registry->count(), 3);
}

void tst_PersonaRegistry::createNumbersCollidingSlugs()
{
    auto registry = loadedRegistry();
    QVERIFY(registry);
    auto first = registry->create(QJsonObject{{"name"_L1, u"Dr. Ada"_s}});
    auto second = registry->create(QJsonObject{{"name"_L1, u"Dr Ada"_s}});
    auto third = registry->create(QJsonObject{{"name"_L1, u"dr-ada!"_s}});
    QVERIFY2(first, qPrintable(messageOf(first)));
    QVERIFY2(second, qPrintable(messageOf(second)));
    QVERIFY2(third, qPrintable(messageOf(third)));
    QCOMPARE(first->id, u"dr-ada"_s);
    QCOMPARE(second->id, u"dr-ada-2"_s);
    QCOMPARE(third->id, u"dr-ada-3"_s);

    // A built-in's id is taken too.
    auto aria = registry->create(QJsonObject{{"name"_L1, u"Aria!"_s}});
    QVERIFY2(aria, qPrintable(messageOf(aria)));
    QCOMPARE(aria->id, u"aria-2"_s);
}

void tst_PersonaRegistry::createWithoutLatinNameGetsGenericId()
{
    auto registry = loadedRegistry();
    QVERIFY(registry);
    auto first = registry->create(QJsonObject{{"name"_L1, u"日本"_s}});
    auto second = registry->create(QJsonObject{{"name"_L1, u"日本語"_s}});
    QVERIFY2(first, qPrintable(messageOf(first)));
    QVERIFY2(second, qPrintable(messageOf(second)));
    QCOMPARE(first->id, u"persona"_s);
    QCOMPARE(second->id, u"persona-2"_s);
}

void tst_PersonaRegistry::derivedIdsFollowTheIdRule_data()
{
    QTest::addColumn<QStringList>("names");
    QTest::newRow("long name") << QStringList{QString(60, u'a')};
    QTest::newRow("two long names with one slug") << QStringList{QString(60, u'a'), QString(60, u'a') + u'b'};
    QTest::newRow("cut right after a separator") << QStringList{QString(47, u'a') + u" bcd"_s};
    QTest::newRow("ten colliding slugs")
        << QStringList{u"Dr Who"_s, u"Dr. Who"_s, u"Dr~Who"_s, u"dr who?"_s, u"Dr_Who"_s,
                       u"(Dr Who)"_s, u"Dr  Who"_s, u"DR—WHO"_s, u"Dr/Who"_s, u"Dr:Who"_s};
}

void tst_PersonaRegistry::derivedIdsFollowTheIdRule()
{
    QFETCH(QStringList, names);
    // The rule create() applies to an explicit id.
    static const QRegularExpression validId(u"^[a-z0-9][a-z0-9-]{0,47}$"_s);
    auto registry = loadedRegistry();
    QVERIFY(registry);
    QStringList ids;
    for (const QString &name : std::as_const(names)) {
        auto created = registry->create(QJsonObject{{"name"_L1, name}});
        QVERIFY2(created, qPrintable(messageOf(created)));
        const QString id = created->id;
        QVERIFY2(validId.match(id).hasMatch(), qPrintable(u"'%1' (%2 characters)"_s.arg(id).arg(id.size())));
        QVERIFY2(!id.endsWith(u'-'), qPrintable(id));
        QVERIFY2(!ids.contains(id), qPrintable(id));
        ids.append(id);
    }
}

void tst_PersonaRegistry::createKeepsExplicitValidId()
{
    auto registry = loadedRegistry();
    QVERIFY(registry);
    auto created = registry->create(QJsonObject{{"id"_L1, u"my-guide-7"_s}, {"name"_L1, u"Someone Else"_s}});
    QVERIFY2(created, qPrintable(messageOf(created)));
    QCOMPARE(created->id, u"my-guide-7"_s);
    auto found = registry->find(u"my-guide-7"_s);
    QVERIFY(found);
    QCOMPARE(found->name, u"Someone Else"_s);

    auto reloaded = loadedRegistry();
    QVERIFY(reloaded);
    auto again = reloaded->find(u"Someone Else"_s);
    QVERIFY2(again, qPrintable(messageOf(again)));
    QCOMPARE(again->id, u"my-guide-7"_s);
}

void tst_PersonaRegistry::createRefusesInvalidId_data()
{
    QTest::addColumn<QString>("id");
    QTest::newRow("space") << u"bad id"_s;
    QTest::newRow("upper case") << u"Upper"_s;
    QTest::newRow("leading dash") << u"-lead"_s;
    QTest::newRow("underscore") << u"snake_case"_s;
    QTest::newRow("non-ASCII") << u"élodie"_s;
    QTest::newRow("49 characters") << QString(49, u'a');
}

void tst_PersonaRegistry::createRefusesInvalidId()
{
    QFETCH(QString, id);
    auto registry = loadedRegistry();
    QVERIFY(registry);
    auto created = registry->create(QJsonObject{{"id"_L1, id}, {"name"_L1, u"Valid Name"_s}});
    QVERIFY(!created);
    QCOMPARE(errorCodeName(created.error().code), errorCodeName(ErrorCode::InvalidArgument));
    QVERIFY2(created.error().message.contains(u"'id'"_s), qPrintable(created.error().message));
    QCOMPARE(registry->count(), 2);
}

void tst_PersonaRegistry::createRefusesTakenId()
{
    auto registry = loadedRegistry();
    QVERIFY(registry);
    auto taken = registry->create(QJsonObject{{"id"_L1, u"kira"_s}, {"name"_L1, u"Impostor"_s}});
    QVERIFY(!taken);
    QCOMPARE(errorCodeName(taken.error().code), errorCodeName(ErrorCode::Conflict));
    auto found = registry->find(u"kira"_s);
    QVERIFY(found);
    QCOMPARE(found->name, u"Kira"_s);
}

void tst_PersonaRegistry::createRefusesInvalidDefinition()
{
    auto registry = loadedRegistry();
    QVERIFY(registry);
    auto noName = registry->create(QJsonObject{{"description"_L1, u"nameless"_s}});
    QVERIFY(!noName);
    QCOMPARE(errorCodeName(noName.error().code), errorCodeName(ErrorCode::InvalidArgument));
    auto badType = registry->create(QJsonObject{{"name"_L1, u"Nova"_s}, {"temperature"_L1, u"hot"_s}});
    QVERIFY(!badType);
    QCOMPARE(errorCodeName(badType.error().code), errorCodeName(ErrorCode::InvalidArgument));
    QCOMPARE(registry->count(), 2);
}

void tst_PersonaRegistry::emitsPersonasChanged()
{
    auto registry = loadedRegistry();
    QVERIFY(registry);
    QSignalSpy spy(registry.get(), &PersonaRegistry::personasChanged);
    QVERIFY(spy.isValid());

    QVERIFY(registry->create(QJsonObject{{"name"_L1, u"Nova"_s}}));
    QCOMPARE(spy.count(), 1);
    QVERIFY(registry->update(u"nova"_s, QJsonObject{{"greeting"_L1, u"Hi"_s}}));
    QCOMPARE(spy.count(), 2);
    QVERIFY(registry->remove(u"nova"_s));
    QCOMPARE(spy.count(), 3);
    QVERIFY(registry->update(u"aria"_s, QJsonObject{{"greeting"_L1, u"Hail"_s}}));
    QCOMPARE(spy.count(), 4);
    QVERIFY(registry->reset(u"aria"_s));
    QCOMPARE(spy.count(), 5);
}

void tst_PersonaRegistry::failedChangesEmitNothing()
{
    auto registry = loadedRegistry();
    QVERIFY(registry);
    QSignalSpy spy(registry.get(), &PersonaRegistry::personasChanged);
    QVERIFY(!registry->create(QJsonObject{{"name"_L1, u"Aria"_s}}));
    QVERIFY(!registry->update(u"zed"_s, QJsonObject{{"greeting"_L1, u"Hi"_s}}));
    QVERIFY(!registry->update(u"aria"_s, QJsonObject{{"name"_L1, u"Kira"_s}}));
    QVERIFY(!registry->remove(u"kira"_s));
    QVERIFY(!registry->reset(u"zed"_s));
    QCOMPARE(spy.count(), 0);
}

void tst_PersonaRegistry::updateOfBuiltInIsStoredAsModifiedCopy()
{
    auto registry = loadedRegistry();
    QVERIFY(registry);
    auto updated = registry->update(u"ARIA"_s, QJsonObject{{"greeting"_L1, u"Hello, friend."_s},
                                                           {"temperature"_L1, 0.5}});
    QVERIFY2(updated, qPrintable(messageOf(updated)));
    QCOMPARE(updated->id, u"aria"_s);
    QVERIFY(updated->builtIn);
    QVERIFY(updated->modified);
    QCOMPARE(updated->greeting, u"Hello, friend."_s);
    QCOMPARE(updated->temperature, std::optional<double>(0.5));
    auto found = registry->find(u"aria"_s);
    QVERIFY(found);
    QVERIFY(*found == *updated);
    QCOMPARE(registry->count(), 2);

    // A new registry on the same database sees the user copy, in the built-in's place.
    auto reloaded = loadedRegistry();
    QVERIFY(reloaded);
    QCOMPARE(idsOf(reloaded->list()), (QStringList{u"aria"_s, u"kira"_s}));
    auto again = reloaded->find(u"aria"_s);
    QVERIFY2(again, qPrintable(messageOf(again)));
    QVERIFY(again->builtIn);
    QVERIFY(again->modified);
    QCOMPARE(again->greeting, u"Hello, friend."_s);
    QVERIFY(*again == *updated);
    auto kira = reloaded->find(u"kira"_s);
    QVERIFY(kira);
    QVERIFY(!kira->modified);
}

void tst_PersonaRegistry::updateOfUserPersonaPersists()
{
    auto registry = loadedRegistry();
    QVERIFY(registry);
    QVERIFY(registry->create(QJsonObject{{"name"_L1, u"Nova"_s}}));
    auto renamed = registry->update(u"Nova"_s, QJsonObject{{"name"_L1, u"Nova Prime"_s}});
    QVERIFY2(renamed, qPrintable(messageOf(renamed)));
    QCOMPARE(renamed->id, u"nova"_s); // the id stays
    QVERIFY(!renamed->modified);
    QVERIFY(!renamed->builtIn);
    QVERIFY(registry->find(u"nova prime"_s));
    QVERIFY(!registry->find(u"Nova"_s) || registry->find(u"Nova"_s)->id == u"nova"_s);

    auto reloaded = loadedRegistry();
    QVERIFY(reloaded);
    auto again = reloaded->find(u"nova prime"_s);
    QVERIFY2(again, qPrintable(messageOf(again)));
    QCOMPARE(again->id, u"nova"_s);
    QVERIFY(!again->modified);

    // A case-only rename of itself is not a conflict.
    auto recased = reloaded->update(u"nova"_s, QJsonObject{{"name"_L1, u"NOVA PRIME"_s}});
    QVERIFY2(recased, qPrintable(messageOf(recased)));
}

void tst_PersonaRegistry::updateCannotChangeId()
{
    auto registry = loadedRegistry();
    QVERIFY(registry);
    auto changed = registry->update(u"kira"_s, QJsonObject{{"id"_L1, u"other"_s}});
    QVERIFY(!changed);
    QCOMPARE(errorCodeName(changed.error().code), errorCodeName(ErrorCode::InvalidArgument));
    QVERIFY(registry->find(u"kira"_s));
    QVERIFY(!registry->find(u"other"_s));

    // Giving the same id is harmless.
    auto same = registry->update(u"kira"_s, QJsonObject{{"id"_L1, u"kira"_s}, {"greeting"_L1, u"Hi."_s}});
    QVERIFY2(same, qPrintable(messageOf(same)));
    QCOMPARE(same->id, u"kira"_s);
}

void tst_PersonaRegistry::updateRefusesNameOfAnother()
{
    auto registry = loadedRegistry();
    QVERIFY(registry);
    auto clash = registry->update(u"aria"_s, QJsonObject{{"name"_L1, u"kira"_s}});
    QVERIFY(!clash);
    QCOMPARE(errorCodeName(clash.error().code), errorCodeName(ErrorCode::Conflict));
    auto aria = registry->find(u"aria"_s);
    QVERIFY(aria);
    QCOMPARE(aria->name, u"Aria"_s);
    QVERIFY(!aria->modified);
    auto rows = Store::PersonaStore(*m_db).all();
    QVERIFY(rows);
    QVERIFY(rows->isEmpty());
}

void tst_PersonaRegistry::resetRestoresOriginal()
{
    auto registry = loadedRegistry();
    QVERIFY(registry);
    auto original = registry->find(u"aria"_s);
    QVERIFY(original);

    QVERIFY(registry->update(u"aria"_s, QJsonObject{{"name"_L1, u"Aria the Bold"_s}, {"greeting"_L1, u"Ho!"_s}}));
    auto reset = registry->reset(u"Aria the Bold"_s);
    QVERIFY2(reset, qPrintable(messageOf(reset)));
    QVERIFY(!reset->modified);
    QVERIFY(reset->builtIn);
    QVERIFY(*reset == *original);
    auto found = registry->find(u"aria"_s);
    QVERIFY(found);
    QVERIFY(*found == *original);
    QVERIFY(!registry->find(u"Aria the Bold"_s));

    // The user copy is gone from the store: a reload has the original too.
    auto rows = Store::PersonaStore(*m_db).all();
    QVERIFY(rows);
    QVERIFY(rows->isEmpty());
    auto reloaded = loadedRegistry();
    QVERIFY(reloaded);
    auto again = reloaded->find(u"aria"_s);
    QVERIFY(again);
    QVERIFY(*again == *original);
    QVERIFY(!again->modified);

    // Reset after a reload of a modified copy.
    QVERIFY(reloaded->update(u"kira"_s, QJsonObject{{"greeting"_L1, u"Yo."_s}}));
    auto third = loadedRegistry();
    QVERIFY(third);
    auto kiraModified = third->find(u"kira"_s);
    QVERIFY(kiraModified && kiraModified->modified);
    auto kiraReset = third->reset(u"kira"_s);
    QVERIFY2(kiraReset, qPrintable(messageOf(kiraReset)));
    QVERIFY(!kiraReset->modified);
    QVERIFY(kiraReset->greeting != u"Yo."_s);
    auto fourth = loadedRegistry();
    QVERIFY(fourth);
    auto kira = fourth->find(u"kira"_s);
    QVERIFY(kira);
    QVERIFY(!kira->modified);
    QVERIFY(*kira == *kiraReset);
}

void tst_PersonaRegistry::resetOfUserPersonaIsConflict()
{
    auto registry = loadedRegistry();
    QVERIFY(registry);
    QVERIFY(registry->create(QJsonObject{{"name"_L1, u"Nova"_s}}));
    auto reset = registry->reset(u"nova"_s);
    QVERIFY(!reset);
    QCOMPARE(errorCodeName(reset.error().code), errorCodeName(ErrorCode::Conflict));
    QVERIFY(registry->find(u"nova"_s));
}

void tst_PersonaRegistry::removeOfBuiltInIsConflict()
{
    auto registry = loadedRegistry();
    QVERIFY(registry);
    auto removed = registry->remove(u"Kira"_s);
    QVERIFY(!removed);
    QCOMPARE(errorCodeName(removed.error().code), errorCodeName(ErrorCode::Conflict));
    QVERIFY(registry->find(u"kira"_s));
    QCOMPARE(registry->count(), 2);

    // A modified built-in cannot be deleted either.
    QVERIFY(registry->update(u"kira"_s, QJsonObject{{"greeting"_L1, u"Yo."_s}}));
    auto modified = registry->remove(u"kira"_s);
    QVERIFY(!modified);
    QCOMPARE(errorCodeName(modified.error().code), errorCodeName(ErrorCode::Conflict));
}

void tst_PersonaRegistry::removeOfUserPersonaPersists()
{
    auto registry = loadedRegistry();
    QVERIFY(registry);
    QVERIFY(registry->create(QJsonObject{{"name"_L1, u"Nova"_s}}));
    QVERIFY(registry->create(QJsonObject{{"name"_L1, u"Orion"_s}}));

    auto removed = registry->remove(u"NOVA"_s);
    QVERIFY2(removed, qPrintable(messageOf(removed)));
    QCOMPARE(removed->id, u"nova"_s);
    QCOMPARE(idsOf(registry->list()), (QStringList{u"aria"_s, u"kira"_s, u"orion"_s}));
    auto gone = registry->find(u"nova"_s);
    QVERIFY(!gone);
    QCOMPARE(errorCodeName(gone.error().code), errorCodeName(ErrorCode::NotFound));

    auto reloaded = loadedRegistry();
    QVERIFY(reloaded);
    QCOMPARE(idsOf(reloaded->list()), (QStringList{u"aria"_s, u"kira"_s, u"orion"_s}));

    // The name can be used again.
    auto reborn = reloaded->create(QJsonObject{{"name"_L1, u"Nova"_s}});
    QVERIFY2(reborn, qPrintable(messageOf(reborn)));
    QCOMPARE(reborn->id, u"nova"_s);
}

void tst_PersonaRegistry::userPersonasKeepCreationOrderAfterReload()
{
    // A clock that moves one second per reading.
    auto seconds = std::make_shared<qint64>(0);
    const Clock ticking([seconds] {
        return QDateTime::fromMSecsSinceEpoch(1'700'000'000'000 + 1000 * (*seconds)++, QTimeZone::utc());
    });
    PersonaRegistry registry(*m_db, ticking);
    QVERIFY(registry.load());
    for (const QString &name : {u"Zed"_s, u"Amy"_s, u"Mia"_s})
        QVERIFY(registry.create(QJsonObject{{"name"_L1, name}}));
    const QStringList expected{u"aria"_s, u"kira"_s, u"zed"_s, u"amy"_s, u"mia"_s};
    QCOMPARE(idsOf(registry.list()), expected);
    // Editing keeps the place.
    QVERIFY(registry.update(u"zed"_s, QJsonObject{{"greeting"_L1, u"Hi"_s}}));

    PersonaRegistry reloaded(*m_db, ticking);
    QVERIFY(reloaded.load());
    QCOMPARE(idsOf(reloaded.list()), expected);
}

void tst_PersonaRegistry::damagedStoredRowIsSkipped_data()
{
    QTest::addColumn<QString>("damagedId");
    QTest::addColumn<QString>("definition");
    QTest::addColumn<QStringList>("expectedIds");
    QTest::addColumn<bool>("ariaModified");

    const QStringList withoutNova{u"aria"_s, u"kira"_s, u"orion"_s};
    QTest::newRow("invalid JSON") << u"nova"_s << u"{not json"_s << withoutNova << true;
    QTest::newRow("not an object") << u"nova"_s << u"[1, 2]"_s << withoutNova << true;
    QTest::newRow("wrong type") << u"nova"_s << uR"({"name": 5})"_s << withoutNova << true;
    QTest::newRow("unknown key") << u"nova"_s << uR"({"name": "Nova", "mood": "x"})"_s << withoutNova << true;
    QTest::newRow("empty text") << u"nova"_s << QString(u""_s) << withoutNova << true;
    // A damaged user copy of a built-in: the original comes back.
    QTest::newRow("damaged copy of a built-in")
        << u"aria"_s << u"{\"name\":"_s << QStringList{u"aria"_s, u"kira"_s, u"nova"_s, u"orion"_s} << false;
}

void tst_PersonaRegistry::damagedStoredRowIsSkipped()
{
    QFETCH(QString, damagedId);
    QFETCH(QString, definition);
    QFETCH(QStringList, expectedIds);
    QFETCH(bool, ariaModified);

    {
        auto registry = loadedRegistry();
        QVERIFY(registry);
        QVERIFY(registry->create(QJsonObject{{"name"_L1, u"Nova"_s}}));
        QVERIFY(registry->create(QJsonObject{{"name"_L1, u"Orion"_s}}));
        QVERIFY(registry->update(u"aria"_s, QJsonObject{{"greeting"_L1, u"Hail!"_s}}));
    }
    auto damaged = m_db->exec(u"UPDATE personas SET definition = ? WHERE id = ?"_s, {definition, damagedId});
    QVERIFY2(damaged, qPrintable(messageOf(damaged)));
    QCOMPARE((*damaged)->numRowsAffected(), 1);
    (*damaged)->finish();

    // The skipped row is logged, naming it.
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(u"skipping stored persona \"%1\""_s.arg(damagedId)));
    auto registry = std::make_unique<PersonaRegistry>(*m_db, fixedClock());
    auto loaded = registry->load();
    QVERIFY2(loaded, qPrintable(messageOf(loaded)));
    QCOMPARE(idsOf(registry->list()), expectedIds);
    auto aria = registry->find(u"aria"_s);
    QVERIFY(aria);
    QCOMPARE(aria->modified, ariaModified);
    QVERIFY(aria->builtIn);
    auto orion = registry->find(u"Orion"_s);
    QVERIFY2(orion, qPrintable(messageOf(orion)));
    QCOMPARE(orion->id, u"orion"_s);
}

QTEST_GUILESS_MAIN(tst_PersonaRegistry)

#include "tst_personaregistry.moc"
