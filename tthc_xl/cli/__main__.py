"""python -m tthc_xl.cli"""

from tthc_xl.cli import main

main()
