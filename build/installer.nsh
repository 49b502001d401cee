; Kiosk stations start the app with Windows, for every user (per-machine install).
; The station's mode comes from its configuration file; clerk and field stations can
; remove the entry by policy if they should not auto-start.
!macro customInstall
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Run" "BonusStation" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}"'
!macroend

!macro customUnInstall
  DeleteRegValue HKLM "Software\Microsoft\Windows\CurrentVersion\Run" "BonusStation"
!macroend
