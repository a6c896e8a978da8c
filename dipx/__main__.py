from dipx.cli import main

main()
