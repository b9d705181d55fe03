from secassess.cli import main

main()
