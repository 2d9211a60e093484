using NanoKvm.Mcp.Hosting;

return await ServerApp.RunAsync(args, Environment.GetEnvironmentVariable);
