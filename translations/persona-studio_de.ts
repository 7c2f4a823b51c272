<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>OllamaAdvice</name>
    <message>
        <location filename="../ui/dialogs/ollamaadvice.cpp" line="+9"/>
        <source>Ollama is not reachable at %1. Start it with `ollama serve`, or set its address in Settings.</source>
        <translation>Ollama ist unter %1 nicht erreichbar. Mit `ollama serve` starten oder die Adresse in den Einstellungen ändern.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The model %1 is not installed. Run `ollama pull %1`, or choose another model in Settings.</source>
        <translation>Das Modell %1 ist nicht installiert. `ollama pull %1` ausführen oder in den Einstellungen ein anderes Modell wählen.</translation>
    </message>
</context>
<context>
    <name>Studio::App::DesktopApp</name>
    <message>
        <location filename="../app/desktopapp.cpp" line="+79"/>
        <location line="+14"/>
        <location line="+6"/>
        <source>Persona Studio cannot start</source>
        <translation>Persona Studio kann nicht starten</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The MCP endpoint is off: %1</source>
        <translation>Der MCP-Endpunkt ist abgeschaltet: %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The MCP endpoint could not start: %1</source>
        <translation>Der MCP-Endpunkt konnte nicht gestartet werden: %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
</context>
<context>
    <name>Studio::Ui::ChatTab</name>
    <message>
        <location filename="../ui/chat/chattab.cpp" line="+54"/>
        <source>As Markdown…</source>
        <translation>Als Markdown…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>As JSON…</source>
        <translation>Als JSON…</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Message %1 — Enter sends, Shift+Enter adds a line</source>
        <translation>Nachricht an %1 – Eingabe: senden, Umschalt+Eingabe: neue Zeile</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Conversation with %1</source>
        <translation>Unterhaltung mit %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send message</source>
        <translation>Nachricht senden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the reply (Esc)</source>
        <translation>Antwort stoppen (Esc)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Regenerate</source>
        <translation>Neu erzeugen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answer the last message again</source>
        <translation>Die letzte Nachricht erneut beantworten lassen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit last</source>
        <translation>Letzte bearbeiten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit your last message and send it again</source>
        <translation>Die eigene letzte Nachricht bearbeiten und erneut senden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New conversation</source>
        <translation>Neue Unterhaltung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start afresh; this conversation stays in the history</source>
        <translation>Neu beginnen; diese Unterhaltung bleibt im Verlauf erhalten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>%1 · %2 + %3 tokens · %4 s</source>
        <translation>%1 · %2 + %3 Token · %4 s</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> · stopped</source>
        <translation> · gestoppt</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Ollama is not reachable at %1. Start it (for example with `ollama serve`), then retry.</source>
        <translation>Ollama ist unter %1 nicht erreichbar. Ollama starten (zum Beispiel mit `ollama serve`) und dann erneut versuchen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The model %1 is not installed in Ollama. Install it with `ollama pull %1`, then retry.</source>
        <translation>Das Modell %1 ist in Ollama nicht installiert. Mit `ollama pull %1` installieren und dann erneut versuchen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ollama at %1 did not answer in time. The model may still be loading; retry in a moment.</source>
        <translation>Ollama unter %1 hat nicht rechtzeitig geantwortet. Das Modell wird vielleicht noch geladen; gleich noch einmal versuchen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 is still replying; wait for the reply or stop it.</source>
        <translation>%1 antwortet noch; die Antwort abwarten oder sie stoppen.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Earlier in this conversation</source>
        <translation>Bisher in dieser Unterhaltung</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+67"/>
        <location line="+85"/>
        <source>You</source>
        <translation>Du</translation>
    </message>
    <message>
        <location line="-104"/>
        <source>Editing your last message; Send replaces it</source>
        <translation>Die letzte Nachricht wird bearbeitet; „Senden“ ersetzt sie</translation>
    </message>
    <message>
        <location line="+25"/>
        <location line="+8"/>
        <source>%1 is writing…</source>
        <translation>%1 schreibt…</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Waiting for the model: next in line</source>
        <translation>Wartet auf das Modell: als Nächstes an der Reihe</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Waiting for the model: %n request(s) ahead</source>
        <translation>
            <numerusform>Wartet auf das Modell: %n Anfrage davor</numerusform>
            <numerusform>Wartet auf das Modell: %n Anfragen davor</numerusform>
        </translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The reply reached the length limit and was cut off</source>
        <translation>Die Antwort hat die Längengrenze erreicht und wurde abgeschnitten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>cut off</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export conversation</source>
        <translation>Unterhaltung exportieren</translation>
    </message>
    <message>
        <location line="+23"/>
        <source># Conversation with %1</source>
        <translation># Unterhaltung mit %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exported to %1</source>
        <translation>Exportiert nach %1</translation>
    </message>
</context>
<context>
    <name>Studio::Ui::ChatView</name>
    <message>
        <location filename="../ui/chat/chatview.cpp" line="+157"/>
        <source>Something went wrong</source>
        <translation>Etwas ist schiefgelaufen</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Retry</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Copy message</source>
        <translation>Nachricht kopieren</translation>
    </message>
</context>
<context>
    <name>Studio::Ui::ConnectDialog</name>
    <message>
        <location filename="../ui/dialogs/connectdialog.cpp" line="+32"/>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Connect a client</source>
        <translation>Client verbinden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Persona Studio serves its personas over MCP while it runs. Paste one of these into your AI host&apos;s configuration; the command starts a bridge that talks to this app.</source>
        <translation>Solange Persona Studio läuft, stellt es seine Personas über MCP bereit. Einen dieser Einträge in die Konfiguration des KI-Hosts einfügen; der Befehl startet eine Brücke, die mit dieser App kommuniziert.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Claude Desktop (claude_desktop_config.json)</source>
        <translation>Claude Desktop (claude_desktop_config.json)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cursor (.cursor/mcp.json)</source>
        <translation>Cursor (.cursor/mcp.json)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>VS Code (.vscode/mcp.json)</source>
        <translation>VS Code (.vscode/mcp.json)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Copy configuration</source>
        <translation>Konfiguration kopieren</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Streamable HTTP:</source>
        <translation>Streamable HTTP:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>WebSocket:</source>
        <translation>WebSocket:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The MCP endpoint is off; turn it on in Settings.</source>
        <translation>Der MCP-Endpunkt ist abgeschaltet; er lässt sich in den Einstellungen einschalten.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Token:</source>
        <translation>Token:</translation>
    </message>
</context>
<context>
    <name>Studio::Ui::ConversationListModel</name>
    <message>
        <location filename="../ui/inspector/conversationlistmodel.cpp" line="+87"/>
        <source>Archived</source>
        <translation>Archiviert</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Live</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Conversation %1; no summary yet</source>
        <translation>Unterhaltung %1; noch keine Zusammenfassung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Conversation %1
Summary: %2</source>
        <translation>Unterhaltung %1
Zusammenfassung: %2</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Persona</source>
        <translation>Persona</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Started</source>
        <translation>Begonnen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>Studio::Ui::InspectorFormat</name>
    <message>
        <location filename="../ui/inspector/inspectorformat.cpp" line="+34"/>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>WebSocket</source>
        <translation>WebSocket</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Streamable HTTP</source>
        <translation>Streamable HTTP</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>stdio</source>
        <translation>stdio</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>in-process</source>
        <translation>prozessintern</translation>
    </message>
</context>
<context>
    <name>Studio::Ui::MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.cpp" line="+141"/>
        <source>Personas</source>
        <translation>Personas</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>About Persona Studio</source>
        <translation>Über Persona Studio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;b&gt;Persona Studio %1&lt;/b&gt;&lt;br&gt;Chat with AI personas on a local LLM, served over the Model Context Protocol.</source>
        <translation>&lt;b&gt;Persona Studio %1&lt;/b&gt;&lt;br&gt;Chatten mit KI-Personas auf einem lokalen LLM, bereitgestellt über das Model Context Protocol.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Show Persona Studio</source>
        <translation>Persona Studio anzeigen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+6"/>
        <source>Persona Studio</source>
        <translation>Persona Studio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a persona on the left and press Enter (or Ctrl+N) to start a chat.</source>
        <translation>Links eine Persona auswählen und Eingabe (oder Strg+N) drücken, um einen Chat zu beginnen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Chat</source>
        <translation>&amp;Chat</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;New chat</source>
        <translation>&amp;Neuer Chat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Close tab</source>
        <translation>Tab &amp;schließen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Stop the reply</source>
        <translation>Antwort &amp;stoppen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Regenerate the last reply</source>
        <translation>Letzte Antwort &amp;neu erzeugen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Edit and resend the last message</source>
        <translation>Letzte Nachricht &amp;bearbeiten und erneut senden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Find a persona</source>
        <translation>Persona &amp;finden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next tab</source>
        <translation>Nächster Tab</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous tab</source>
        <translation>Vorheriger Tab</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;xport as Markdown…</source>
        <translation>Als Markdown e&amp;xportieren…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Connect a client…</source>
        <translation>&amp;Client verbinden…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About Persona Studio</source>
        <translation>Ü&amp;ber Persona Studio</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>MCP: %1</source>
        <translation>MCP: %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>MCP: off</source>
        <translation>MCP: aus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The MCP endpoint; Help &gt; Connect a client shows how to use it</source>
        <translation>Der MCP-Endpunkt; Hilfe &gt; Client verbinden zeigt, wie er sich nutzen lässt</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>%n MCP client(s)</source>
        <translation>
            <numerusform>%n MCP-Client</numerusform>
            <numerusform>%n MCP-Clients</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Ollama: not reachable</source>
        <translation>Ollama: nicht erreichbar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ollama %1: %2 missing</source>
        <translation>Ollama %1: %2 fehlt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ollama %1 · %2</source>
        <translation>Ollama %1 · %2</translation>
    </message>
    <message>
        <location line="+91"/>
        <source>Persona Studio is still running</source>
        <translation>Persona Studio läuft weiter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It keeps serving MCP clients in the tray. Choose Quit in the tray menu to stop it.</source>
        <translation>Es bedient im Infobereich weiterhin MCP-Clients. Zum Beenden im Menü des Infobereichs „Beenden“ wählen.</translation>
    </message>
</context>
<context>
    <name>Studio::Ui::MemoryEditDialog</name>
    <message>
        <location filename="../ui/memory/memoryeditdialog.cpp" line="+41"/>
        <source>Add a memory</source>
        <translation>Erinnerung hinzufügen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Persona</source>
        <translation>Persona</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What the persona should remember, in one or two sentences.</source>
        <translation>Was sich die Persona merken soll, in ein oder zwei Sätzen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Memory text</source>
        <translation>Text der Erinnerung</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Importance</source>
        <translation>Wichtigkeit</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Visibility</source>
        <translation>Sichtbarkeit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shared memories can also be recalled by other personas in a cross-persona search.</source>
        <translation>Geteilte Erinnerungen können bei einer personaübergreifenden Suche auch von anderen Personas abgerufen werden.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Persona:</source>
        <translation>&amp;Persona:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Memory:</source>
        <translation>&amp;Erinnerung:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Kind:</source>
        <translation>A&amp;rt:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Importance:</source>
        <translation>&amp;Wichtigkeit:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Visibility:</source>
        <translation>&amp;Sichtbarkeit:</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Edit a memory</source>
        <translation>Erinnerung bearbeiten</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A memory stays with its persona.</source>
        <translation>Eine Erinnerung bleibt bei ihrer Persona.</translation>
    </message>
</context>
<context>
    <name>Studio::Ui::MemoryHitsModel</name>
    <message>
        <location filename="../ui/memory/memoryhitsmodel.cpp" line="+112"/>
        <source>%1 (deleted)</source>
        <translation>%1 (gelöscht)</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Score</source>
        <translation>Bewertung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Memory</source>
        <translation>Erinnerung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Persona</source>
        <translation>Persona</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Relevance %1 (cosine %2), recency %3, importance %4: total %5</source>
        <translation>Relevanz %1 (Kosinus %2), Aktualität %3, Wichtigkeit %4: gesamt %5</translation>
    </message>
</context>
<context>
    <name>Studio::Ui::MemoryInspector</name>
    <message>
        <location filename="../ui/memory/memoryinspector.cpp" line="+290"/>
        <location line="+18"/>
        <source>Memories</source>
        <translation>Erinnerungen</translation>
    </message>
    <message>
        <location line="-16"/>
        <location line="+154"/>
        <source>All personas</source>
        <translation>Alle Personas</translation>
    </message>
    <message>
        <location line="-153"/>
        <source>Show the memories of</source>
        <translation>Erinnerungen anzeigen von</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filter memories</source>
        <translation>Erinnerungen filtern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filter memories by text, persona or kind</source>
        <translation>Erinnerungen nach Text, Persona oder Art filtern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Add…</source>
        <translation>Hin&amp;zufügen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Add a memory</source>
        <translation>Erinnerung hinzufügen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Edit the selected memory</source>
        <translation>Die ausgewählte Erinnerung bearbeiten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <location line="+1"/>
        <source>Delete the selected memories</source>
        <translation>Die ausgewählten Erinnerungen löschen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Memory counts</source>
        <translation>Anzahl der Erinnerungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Index rebuild progress</source>
        <translation>Fortschritt beim Neuaufbau des Index</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Every stored memory; Delete removes the selected ones, Enter edits one; the header&apos;s context menu chooses the columns</source>
        <translation>Alle gespeicherten Erinnerungen; Entf löscht die ausgewählten, Eingabe bearbeitet eine; das Kontextmenü der Kopfzeile wählt die Spalten aus</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Map of the memories</source>
        <translation>Karte der Erinnerungen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Each memory as a point: similar memories lie close together; colour shows the persona, size the importance. Click a point to select its memory in the table.</source>
        <translation>Jede Erinnerung als Punkt: Ähnliche Erinnerungen liegen nah beieinander; die Farbe zeigt die Persona, die Größe die Wichtigkeit. Einen Punkt anklicken, um seine Erinnerung in der Tabelle auszuwählen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Recall memories for…</source>
        <translation>Erinnerungen abrufen zu…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recall query</source>
        <translation>Suchtext für den Abruf</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Recall</source>
        <translation>Ab&amp;rufen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run recall</source>
        <translation>Abruf starten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recall as persona</source>
        <translation>Abrufen als Persona</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Whose memory to search</source>
        <translation>Wessen Erinnerungen durchsucht werden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Others&apos; shared too</source>
        <translation>Auch von anderen geteilte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Also recall other personas&apos; shared memories</source>
        <translation>Auch die geteilten Erinnerungen anderer Personas abrufen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Also search the memories other personas have shared</source>
        <translation>Auch die Erinnerungen durchsuchen, die andere Personas geteilt haben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>top </source>
        <translation>Top </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Number of memories to recall</source>
        <translation>Anzahl der abzurufenden Erinnerungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recall result</source>
        <translation>Abrufergebnis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>relevance</source>
        <translation>Relevanz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>recency</source>
        <translation>Aktualität</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>importance</source>
        <translation>Wichtigkeit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Score bars: relevance, recency, importance</source>
        <translation>Bewertungsbalken: Relevanz, Aktualität, Wichtigkeit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recalled memories with their scores</source>
        <translation>Abgerufene Erinnerungen mit ihren Bewertungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+211"/>
        <source>No memories to map yet.</source>
        <translation>Noch keine Erinnerungen für die Karte.</translation>
    </message>
    <message>
        <location line="-118"/>
        <source>Could not load the personas: %1</source>
        <translation>Die Personas konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Could not load the memories: %1</source>
        <translation>Die Erinnerungen konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Projecting the memories…</source>
        <translation>Erinnerungen werden projiziert…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Could not map the memories: %1</source>
        <translation>Die Karte der Erinnerungen konnte nicht erstellt werden: %1</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Rebuilding the index of %1: %p%</source>
        <translation>Index von %1 wird neu aufgebaut: %p %</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Rebuilding %n indexes: %p%</source>
        <translation>
            <numerusform>%n Index wird neu aufgebaut: %p %</numerusform>
            <numerusform>%n Indizes werden neu aufgebaut: %p %</numerusform>
        </translation>
    </message>
    <message>
        <location line="+75"/>
        <source>Choose a persona to recall as.</source>
        <translation>Eine Persona für den Abruf auswählen.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Recalling…</source>
        <translation>Wird abgerufen…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Recall failed: %1</source>
        <translation>Abruf fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 recalls nothing for “%2”.</source>
        <translation>%1 ruft zu „%2“ keine Erinnerungen ab.</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n memories recalled by %1 for “%2” (of %3 scored), best first.</source>
        <translation>
            <numerusform>%n Erinnerung von %1 zu „%2“ abgerufen (aus %3 bewerteten).</numerusform>
            <numerusform>%n Erinnerungen von %1 zu „%2“ abgerufen (aus %3 bewerteten), die besten zuerst.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Left out: %1.</source>
        <translation>Ausgelassen: %1.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Loading what model call %1 recalled…</source>
        <translation>Was Modellaufruf %1 abgerufen hat, wird geladen…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Could not load what model call %1 recalled: %2</source>
        <translation>Was Modellaufruf %1 abgerufen hat, konnte nicht geladen werden: %2</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Model call %1 recalled no memories.</source>
        <translation>Modellaufruf %1 hat keine Erinnerungen abgerufen.</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n memories recalled for model call %1, with the scores they had then.</source>
        <translation>
            <numerusform>%n Erinnerung für Modellaufruf %1 abgerufen, mit ihrer damaligen Bewertung.</numerusform>
            <numerusform>%n Erinnerungen für Modellaufruf %1 abgerufen, mit ihren damaligen Bewertungen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n of them deleted since.</source>
        <translation>
            <numerusform>%n davon inzwischen gelöscht.</numerusform>
            <numerusform>%n davon inzwischen gelöscht.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Type what to recall and press Enter: the hits show why each memory was chosen.</source>
        <translation>Eintippen, was abgerufen werden soll, und Eingabe drücken: Die Treffer zeigen, warum jede Erinnerung gewählt wurde.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Could not store the memory: %1</source>
        <translation>Die Erinnerung konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Merged into a memory that says nearly the same.</source>
        <translation>Mit einer fast gleichlautenden Erinnerung zusammengeführt.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Could not change the memory: %1</source>
        <translation>Die Erinnerung konnte nicht geändert werden: %1</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Delete memories</source>
        <translation>Erinnerungen löschen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Delete this memory?</source>
        <translation>Diese Erinnerung löschen?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“%1”

The persona will no longer recall it.</source>
        <translation>„%1“

Die Persona wird sich nicht mehr daran erinnern.</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Delete %n memories?</source>
        <translation>
            <numerusform>%n Erinnerung löschen?</numerusform>
            <numerusform>%n Erinnerungen löschen?</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The personas will no longer recall them.</source>
        <translation>Die Personas werden sich nicht mehr daran erinnern.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Could not delete the memory: %1</source>
        <translation>Die Erinnerung konnte nicht gelöscht werden: %1</translation>
    </message>
    <message numerus="yes">
        <location line="+27"/>
        <source>%n memories</source>
        <translation>
            <numerusform>%n Erinnerung</numerusform>
            <numerusform>%n Erinnerungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%1 of %n memories</source>
        <translation>
            <numerusform>%1 von %n Erinnerung</numerusform>
            <numerusform>%1 von %n Erinnerungen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (the newest of %2)</source>
        <translation>%1 (die neuesten von %2)</translation>
    </message>
</context>
<context>
    <name>Studio::Ui::MemoryMapView</name>
    <message>
        <location filename="../ui/memory/memorymapview.cpp" line="+170"/>
        <source>%1 · importance %2</source>
        <translation>%1 · Wichtigkeit %2</translation>
    </message>
    <message numerus="yes">
        <location line="+131"/>
        <source>%n memories</source>
        <translation>
            <numerusform>%n Erinnerung</numerusform>
            <numerusform>%n Erinnerungen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1% of the variance shown</source>
        <translation>%1 % der Varianz abgebildet</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n of other embedders left out</source>
        <translation>
            <numerusform>%n Erinnerung eines anderen Embedding-Modells ausgelassen</numerusform>
            <numerusform>%n Erinnerungen anderer Embedding-Modelle ausgelassen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Studio::Ui::MemoryTableModel</name>
    <message>
        <location filename="../ui/memory/memorytablemodel.cpp" line="+163"/>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Memory</source>
        <translation>Erinnerung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Persona</source>
        <translation>Persona</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Importance</source>
        <translation>Wichtigkeit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last access</source>
        <translation>Letzter Zugriff</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Recalls</source>
        <translation>Abrufe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Visibility</source>
        <translation>Sichtbarkeit</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Fact</source>
        <translation>Fakt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Preference</source>
        <translation>Vorliebe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Shared</source>
        <translation>Geteilt</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Private</source>
        <translation>Privat</translation>
    </message>
</context>
<context>
    <name>Studio::Ui::ModelCallView</name>
    <message>
        <location filename="../ui/inspector/modelcallview.cpp" line="+103"/>
        <source>Request</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Raw JSON</source>
        <translation>Roh-JSON</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model request views</source>
        <translation>Ansichten der Modellanfrage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model call summary</source>
        <translation>Übersicht des Modellaufrufs</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model request, taken apart</source>
        <translation>Modellanfrage, aufgeschlüsselt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model request as JSON</source>
        <translation>Modellanfrage als JSON</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recalled memories</source>
        <translation>Abgerufene Erinnerungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the memories recalled for this turn, and why, in the memory inspector</source>
        <translation>Im Bereich „Erinnerungen“ zeigen, welche Erinnerungen für diese Antwort abgerufen wurden und warum</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the memories recalled for this model call</source>
        <translation>Die für diesen Modellaufruf abgerufenen Erinnerungen anzeigen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Select a model call to see the exact request sent to the model.</source>
        <translation>Einen Modellaufruf auswählen, um die genaue Anfrage an das Modell zu sehen.</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+43"/>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <location line="-43"/>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Running…</source>
        <translation>Läuft…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 prompt + %2 completion tokens</source>
        <translation>%1 Prompt- + %2 Antwort-Token</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>took %1</source>
        <translation>Dauer %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>first token after %1</source>
        <translation>erstes Token nach %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>failed: %1</source>
        <translation>fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>done: %1</source>
        <translation>fertig: %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The stored request is not valid JSON; see Raw JSON.</source>
        <translation>Die gespeicherte Anfrage ist kein gültiges JSON; siehe Roh-JSON.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>estimated tokens: %1</source>
        <translation>geschätzte Token: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>System prompt</source>
        <translation>Systemprompt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No system message was sent.</source>
        <translation>Es wurde keine Systemnachricht gesendet.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No summary was sent.</source>
        <translation>Es wurde keine Zusammenfassung gesendet.</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Window messages (%n)</source>
        <translation>
            <numerusform>Nachrichten im Kontextfenster (%n)</numerusform>
            <numerusform>Nachrichten im Kontextfenster (%n)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Options</source>
        <translation>Optionen</translation>
    </message>
</context>
<context>
    <name>Studio::Ui::ModelCallsModel</name>
    <message>
        <location filename="../ui/inspector/modelcallsmodel.cpp" line="+106"/>
        <source>Running…</source>
        <translation>Läuft…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <location line="+2"/>
        <location filename="../ui/inspector/sessioninspector.cpp" line="+209"/>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Digest %1</source>
        <translation>Digest %1</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Prompt tokens, as counted by the model server</source>
        <translation>Prompt-Token, vom Modellserver gezählt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reply (completion) tokens, as counted by the model server</source>
        <translation>Antwort-Token (Completion), vom Modellserver gezählt</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Reply</source>
        <extracomment>Column header: tokens the model generated (Ollama&apos;s eval_count); keep it short</extracomment>
        <translation>Antwort</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>Time until the first token arrived</source>
        <translation>Zeit bis zum Eintreffen des ersten Tokens</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Purpose</source>
        <translation>Zweck</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Prompt</source>
        <extracomment>Column header: tokens of the prompt (Ollama&apos;s prompt_eval_count); keep it short</extracomment>
        <translation>Prompt</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>First token</source>
        <translation>Erstes Token</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
</context>
<context>
    <name>Studio::Ui::PersonaEditor</name>
    <message>
        <location filename="../ui/personas/personaeditor.cpp" line="+56"/>
        <source>Own temperature:</source>
        <translation>Eigene Temperatur:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Let thinking models think before answering</source>
        <translation>Denkende Modelle vor dem Antworten nachdenken lassen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>New persona</source>
        <translation>Neue Persona</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit %1</source>
        <translation>%1 bearbeiten</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>curious, warm, playful</source>
        <translation>neugierig, herzlich, verspielt</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>One example line per row</source>
        <translation>Ein Beispielsatz pro Zeile</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Leave empty for the standard prompt. Placeholders: {{name}}, {{description}}, {{personality}}, {{traits}}, {{speaking_style}}, {{greeting}}, {{examples}}</source>
        <translation>Leer lassen für den Standardprompt. Platzhalter: {{name}}, {{description}}, {{personality}}, {{traits}}, {{speaking_style}}, {{greeting}}, {{examples}}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The app&apos;s model</source>
        <translation>Modell der App</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Personality</source>
        <translation>Persönlichkeit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Traits</source>
        <translation>Eigenschaften</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Speaking style</source>
        <translation>Sprechweise</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Greeting</source>
        <translation>Begrüßung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Example lines</source>
        <translation>Beispielsätze</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>System prompt template</source>
        <translation>Vorlage für den Systemprompt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Description:</source>
        <translation>&amp;Beschreibung:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Personality:</source>
        <translation>&amp;Persönlichkeit:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Traits:</source>
        <translation>&amp;Eigenschaften:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Speaking style:</source>
        <translation>Sprech&amp;weise:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Greeting:</source>
        <translation>Be&amp;grüßung:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Example lines:</source>
        <translation>Beispiel&amp;sätze:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>System &amp;prompt:</source>
        <translation>S&amp;ystemprompt:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
</context>
<context>
    <name>Studio::Ui::PersonaSidebar</name>
    <message>
        <location filename="../ui/personas/personasidebar.cpp" line="+73"/>
        <source> (edited)</source>
        <translation> (geändert)</translation>
    </message>
    <message>
        <location line="+91"/>
        <source>Filter personas (Ctrl+K)</source>
        <translation>Personas filtern (Strg+K)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Persona filter</source>
        <translation>Persona-Filter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Personas</source>
        <translation>Personas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create a persona</source>
        <translation>Eine Persona anlegen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit the selected persona</source>
        <translation>Die ausgewählte Persona bearbeiten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duplicate</source>
        <translation>Duplizieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create a copy of the selected persona</source>
        <translation>Eine Kopie der ausgewählten Persona anlegen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the selected persona (your own personas only)</source>
        <translation>Die ausgewählte Persona löschen (nur eigene Personas)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Undo your edits of a built-in persona</source>
        <translation>Eigene Änderungen an einer mitgelieferten Persona verwerfen</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>%1 (copy)</source>
        <translation>%1 (Kopie)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Delete persona</source>
        <translation>Persona löschen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete %1 and everything %1 remembers? Past conversations stay in the history.</source>
        <translation>%1 und alles, woran sich %1 erinnert, löschen? Frühere Unterhaltungen bleiben im Verlauf erhalten.</translation>
    </message>
</context>
<context>
    <name>Studio::Ui::SessionInspector</name>
    <message>
        <location filename="../ui/inspector/sessioninspector.cpp" line="+68"/>
        <location line="+1"/>
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Desktop, command-line and MCP client sessions, live and closed</source>
        <translation>Sitzungen von Desktop, Befehlszeile und MCP-Clients, aktive und geschlossene</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Selected session</source>
        <translation>Ausgewählte Sitzung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Session details</source>
        <translation>Sitzungsdetails</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Conversations</source>
        <translation>Unterhaltungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Traffic</source>
        <translation>Datenverkehr</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Conversations of the selected session</source>
        <translation>Unterhaltungen der ausgewählten Sitzung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model calls of the selected conversation</source>
        <translation>Modellaufrufe der ausgewählten Unterhaltung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Selected model call</source>
        <translation>Ausgewählter Modellaufruf</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filter by method</source>
        <translation>Nach Methode filtern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filter traffic by method</source>
        <translation>Datenverkehr nach Methode filtern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JSON-RPC traffic of the selected session</source>
        <translation>JSON-RPC-Datenverkehr der ausgewählten Sitzung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Selected message as JSON</source>
        <translation>Ausgewählte Nachricht als JSON</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select a message to see it as JSON.</source>
        <translation>Eine Nachricht auswählen, um sie als JSON zu sehen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Traffic counts</source>
        <translation>Nachrichtenanzahl</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Cannot list the sessions: %1</source>
        <translation>Die Sitzungen können nicht aufgelistet werden: %1</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Cannot load the session: %1</source>
        <translation>Die Sitzung kann nicht geladen werden: %1</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Cannot load the model calls: %1</source>
        <translation>Die Modellaufrufe können nicht geladen werden: %1</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Only the first %1 of %2 were kept:</source>
        <translation>Nur die ersten %1 von %2 wurden aufbewahrt:</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Traffic of every session is shown. Select a session to see its conversations.</source>
        <translation>Der Datenverkehr aller Sitzungen wird angezeigt. Eine Sitzung auswählen, um ihre Unterhaltungen zu sehen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The engine is not running.</source>
        <translation>Die Engine läuft nicht.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Loading sessions…</source>
        <translation>Sitzungen werden geladen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Select a session to see its conversations and traffic.</source>
        <translation>Eine Sitzung auswählen, um ihre Unterhaltungen und ihren Datenverkehr zu sehen.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>live</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>closed %1</source>
        <translation>geschlossen %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>opened %1</source>
        <translation>geöffnet %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>last active %1</source>
        <translation>zuletzt aktiv %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Session %1</source>
        <translation>Sitzung %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>MCP endpoint off</source>
        <translation>MCP-Endpunkt aus</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 of %2 messages</source>
        <translation>%1 von %2 Nachrichten</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%1 (%n older dropped)</source>
        <translation>
            <numerusform>%1 (%n ältere verworfen)</numerusform>
            <numerusform>%1 (%n ältere verworfen)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Messages of the selected session that match the filter, of all messages kept (at most %1)</source>
        <translation>Zum Filter passende Nachrichten der ausgewählten Sitzung, von allen aufbewahrten Nachrichten (höchstens %1)</translation>
    </message>
</context>
<context>
    <name>Studio::Ui::SessionTreeModel</name>
    <message>
        <location filename="../ui/inspector/sessiontreemodel.cpp" line="+252"/>
        <source>Desktop</source>
        <translation>Desktop</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Command line</source>
        <translation>Befehlszeile</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>MCP clients</source>
        <translation>MCP-Clients</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/inspector/sessioninspector.cpp" line="-416"/>
        <location filename="../ui/inspector/sessiontreemodel.cpp" line="+6"/>
        <source>%n live</source>
        <translation>
            <numerusform>%n aktiv</numerusform>
            <numerusform>%n aktiv</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/inspector/sessiontreemodel.cpp" line="+30"/>
        <source>Unnamed client</source>
        <translation>Unbenannter Client</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Live</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Closed</source>
        <translation>Geschlossen</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Session %1
Opened %2</source>
        <translation>Sitzung %1
Geöffnet %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Session %1
Opened %2, closed %3</source>
        <translation>Sitzung %1
Geöffnet %2, geschlossen %3</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Transport</source>
        <translation>Transport</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last active</source>
        <translation>Zuletzt aktiv</translation>
    </message>
</context>
<context>
    <name>Studio::Ui::SettingsDialog</name>
    <message>
        <location filename="../ui/dialogs/settingsdialog.cpp" line="+52"/>
        <location line="+1"/>
        <location line="+1"/>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>none (loopback only)</source>
        <translation>keins (nur Loopback-Zugriff)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. https://app.example, comma-separated</source>
        <translation>z. B. https://app.example, durch Kommas getrennt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>127.0.0.1:8000, or off</source>
        <translation>127.0.0.1:8000 oder off</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Refresh list</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verify</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ollama &amp;URL:</source>
        <translation>Ollama-&amp;URL:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Context size (num_ctx):</source>
        <translation>&amp;Kontextgröße (num_ctx):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Messages sent &amp;verbatim:</source>
        <translation>&amp;Wörtlich gesendete Nachrichten:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connect &amp;timeout:</source>
        <translation>Zeitlimit für &amp;Verbindung:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;First token timeout:</source>
        <translation>Zeitlimit bis zum &amp;ersten Token:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Idle timeout:</source>
        <translation>Zeitlimit bei &amp;Inaktivität:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>MCP endpoint</source>
        <translation>MCP-Endpunkt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Address:</source>
        <translation>&amp;Adresse:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>T&amp;oken:</source>
        <translation>&amp;Token:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Allowed &amp;origins:</source>
        <translation>&amp;Zulässige Ursprünge:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Session timeout:</source>
        <translation>Zeitlimit für &amp;Sitzungen:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Language:</source>
        <translation>S&amp;prache:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Environment variables and command-line flags override these settings.</source>
        <translation>Umgebungsvariablen und Befehlszeilenoptionen haben Vorrang vor diesen Einstellungen.</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>%1 is not a URL like http://127.0.0.1:11434.</source>
        <translation>%1 ist keine URL wie http://127.0.0.1:11434.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Checking…</source>
        <translation>Wird geprüft…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Ollama %1 has %2 (context %3).</source>
        <translation>Ollama %1 hat %2 (Kontext %3).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ollama %1 is reachable; choose a model.</source>
        <translation>Ollama %1 ist erreichbar; ein Modell auswählen.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Cannot write the settings file %1.</source>
        <translation>Die Einstellungsdatei %1 kann nicht geschrieben werden.</translation>
    </message>
</context>
<context>
    <name>Studio::Ui::TrafficModel</name>
    <message>
        <location filename="../ui/inspector/trafficmodel.cpp" line="+104"/>
        <source>(no method)</source>
        <translation>(keine Methode)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Received from the client</source>
        <translation>Vom Client empfangen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sent to the client</source>
        <translation>An den Client gesendet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Time from the request&apos;s arrival to this reply</source>
        <translation>Zeit vom Eintreffen der Anfrage bis zu dieser Antwort</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>An error reply or a message that was refused</source>
        <translation>Eine Fehlerantwort oder eine abgelehnte Nachricht</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>received</source>
        <translation>empfangen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>sent</source>
        <translation>gesendet</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Dir.</source>
        <extracomment>Column header: direction of a message (received or sent); keep it short</extracomment>
        <translation>Rtg.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
</context>
</TS>
