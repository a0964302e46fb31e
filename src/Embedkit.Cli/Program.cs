using Embedkit.Cli;

return EmbedkitApp.Run(args);
