"""Canvas writes requested through the outbox, below the features that change what canvases show (they call
`plan.touch` in their change's transaction); the canvas reader, which reads those features, sits above them
in `bot/canvas/`."""
