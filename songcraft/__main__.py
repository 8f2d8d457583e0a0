from songcraft.cli import main

raise SystemExit(main())
