from rusplan.cli import main

main()
