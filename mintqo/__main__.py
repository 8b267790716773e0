from mintqo.cli import main

raise SystemExit(main())
