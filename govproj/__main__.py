from govproj.entry import main

main()
