// `reservoir-operator`: the Kubernetes operator (Pub/Sub intake -> Search resources -> one Job each).
return await Reservoir.Operator.Hosting.OperatorCommandLine.InvokeAsync(args);
