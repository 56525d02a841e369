; Dabir's Windows installer (Inno Setup 6): `iscc /DAppVersion=0.1.0 packaging\dabir.iss` after
; `pyinstaller packaging\dabir.spec` has built dist\dabir\ (.github/workflows/build.yml does both).
; Saved as UTF-8 with a byte-order mark: Inno Setup reads it as Unicode only then (Persian names).
;
; Per user, no administrator: the program goes to %LOCALAPPDATA%\Programs\Dabir, shortcuts and the
; .dabir file type are this user's (HKCU). The user's data (the .dabir file, backups, logs) lives in
; %LOCALAPPDATA%\Dabir (platformdirs, app/services/files.py), a different folder, and the uninstaller
; removes only what it installed: there is no [UninstallDelete] section and there must never be one.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Dabir"
#define AppNameFa "دبیر"
#define ExeName "dabir.exe"
#define ProgId "Dabir.File"

[Setup]
AppId={{6F1B0D47-3C2A-4E8B-9D35-7A5E2C1B9F60}
AppName={#AppName}
AppVerName={#AppNameFa} (Dabir) {#AppVersion}
AppVersion={#AppVersion}
AppPublisher=Dabir
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppNameFa}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
SetupIconFile=..\resources\icons\dabir.ico
UninstallDisplayIcon={app}\{#ExeName}
UninstallDisplayName={#AppNameFa} (Dabir)
OutputDir=..\dist
OutputBaseFilename=dabir-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "..\dist\dabir\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppNameFa}"; Filename: "{app}\{#ExeName}"; Comment: "جلسات، صورتجلسه و پیگیری مصوبات"
Name: "{autodesktop}\{#AppNameFa}"; Filename: "{app}\{#ExeName}"; Tasks: desktopicon

[Registry]
; .dabir opens in Dabir on double-click: `dabir.exe "C:\...\file.dabir"` (a bare file argument, app/cli/main.py)
Root: HKA; Subkey: "Software\Classes\.dabir"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.dabir\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "پرونده دبیر"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#ExeName},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#ExeName}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#ExeName}\SupportedTypes"; ValueType: string; ValueName: ".dabir"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#ExeName}"; Description: "{cm:LaunchProgram,{#AppNameFa}}"; Flags: nowait postinstall skipifsilent
