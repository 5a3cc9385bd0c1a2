@echo off
rem farun on Windows: use instead of make, e.g.  farun check / farun serve / farun new lecture
rem The first run creates .venv and installs the pinned requirements (python scripts\farun setup).
setlocal
set "ROOT=%~dp0"
if not exist "%ROOT%.venv\Scripts\python.exe" (
  py -3 "%ROOT%scripts\farun" setup || python "%ROOT%scripts\farun" setup || exit /b 1
)
if /i "%~1"=="setup" (
  "%ROOT%.venv\Scripts\python.exe" "%ROOT%scripts\farun" setup
  exit /b %errorlevel%
)
rem This folder's own scripts\ first: after the folder is moved or copied, .venv's saved path
rem (farun-scripts.pth) still names the old place; farun then repairs it.
set "PYTHONPATH=%ROOT%scripts"
"%ROOT%.venv\Scripts\python.exe" -m farun %*
exit /b %errorlevel%
