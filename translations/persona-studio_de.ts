<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Studio::App::DesktopApp</name>
    <message>
        <location filename="../app/desktopapp.cpp" line="+88"/>
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
        <source>%1 Start Ollama (for example with `ollama serve`), then retry.</source>
        <translation type="vanished">%1 Ollama starten (zum Beispiel mit `ollama serve`) und dann erneut versuchen.</translation>
    </message>
    <message>
        <source>%1 The model may still be loading; retry in a moment.</source>
        <translation type="vanished">%1 Das Modell wird eventuell noch geladen; gleich noch einmal versuchen.</translation>
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
        <location line="+75"/>
        <source>You</source>
        <translation>Du</translation>
    </message>
    <message>
        <location line="-94"/>
        <source>Editing your last message; Send replaces it</source>
        <translation>Die letzte Nachricht wird bearbeitet; „Senden“ ersetzt sie</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>%1 is writing…</source>
        <translation>%1 schreibt…</translation>
    </message>
    <message>
        <location line="+16"/>
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
        <location filename="../ui/mainwindow.cpp" line="+133"/>
        <source>Personas</source>
        <translation>Personas</translation>
    </message>
    <message>
        <location line="+69"/>
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
    <name>Studio::Ui::ModelCallView</name>
    <message>
        <location filename="../ui/inspector/modelcallview.cpp" line="+90"/>
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
        <location line="+3"/>
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
    <message numerus="yes">
        <source>about %n token(s)</source>
        <translation type="vanished">
            <numerusform>etwa %n Token</numerusform>
            <numerusform>etwa %n Token</numerusform>
        </translation>
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
        <source>Completion tokens, as counted by the model server</source>
        <translation type="vanished">Antwort-Token, vom Modellserver gezählt</translation>
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
        <source>Completion</source>
        <translation type="vanished">Antwort</translation>
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
        <location line="+79"/>
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
        <source>Streamable HTTP</source>
        <translation type="vanished">Streamable HTTP</translation>
    </message>
    <message numerus="yes">
        <source>%n live</source>
        <translation type="vanished">
            <numerusform>%n aktiv</numerusform>
            <numerusform>%n aktiv</numerusform>
        </translation>
    </message>
    <message>
        <source>Summary</source>
        <translation type="vanished">Zusammenfassung</translation>
    </message>
    <message>
        <source>Completion</source>
        <translation type="vanished">Antwort</translation>
    </message>
    <message>
        <source>First token</source>
        <translation type="vanished">Erstes Token</translation>
    </message>
    <message>
        <source>Dir.</source>
        <translation type="vanished">Rtg.</translation>
    </message>
    <message>
        <location filename="../ui/inspector/sessioninspector.cpp" line="+66"/>
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
        <location filename="../ui/inspector/sessioninspector.cpp" line="-414"/>
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
        <location filename="../ui/dialogs/settingsdialog.cpp" line="+50"/>
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
        <location line="+6"/>
        <source>Refresh list</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verify</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <location line="+8"/>
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
        <location line="+57"/>
        <source>Checking…</source>
        <translation>Wird geprüft…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Ollama %1 is reachable. Save to check the model %2.</source>
        <translation>Ollama %1 ist erreichbar. Zum Prüfen des Modells %2 speichern.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ollama %1 has %2 (context %3).</source>
        <translation>Ollama %1 hat %2 (Kontext %3).</translation>
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
