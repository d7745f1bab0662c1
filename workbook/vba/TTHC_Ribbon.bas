Attribute VB_Name = "TTHC_Ribbon"
' Callbacks of the TTHC ribbon tab (customUI14.xml), one per button.
' Each runs a FIXED Python command (tthc_xl.macros, RIBBON_ACTIONS): no cell value
' or path is ever put into the command. The macro finds the workbook itself
' (xw.Book.caller()) and reports progress, results and errors in Excel.
' ASCII only: VBA stores source in the ANSI code page.
Option Explicit

Public Sub TTHC_Import(control As IRibbonControl)
    RunPython "import tthc_xl.macros as m; m.import_files()"
End Sub

Public Sub TTHC_Refresh(control As IRibbonControl)
    RunPython "import tthc_xl.macros as m; m.refresh()"
End Sub

Public Sub TTHC_Report(control As IRibbonControl)
    RunPython "import tthc_xl.macros as m; m.build_report()"
End Sub

Public Sub TTHC_ExportDocument(control As IRibbonControl)
    RunPython "import tthc_xl.macros as m; m.export_document()"
End Sub

Public Sub TTHC_EmailCopy(control As IRibbonControl)
    RunPython "import tthc_xl.macros as m; m.email_copy()"
End Sub

Public Sub TTHC_Settings(control As IRibbonControl)
    RunPython "import tthc_xl.macros as m; m.open_settings()"
End Sub

Public Sub TTHC_Help(control As IRibbonControl)
    RunPython "import tthc_xl.macros as m; m.show_help()"
End Sub
