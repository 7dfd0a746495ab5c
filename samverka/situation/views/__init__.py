"""Pages of the lägesbild under /k/<municipality>/lagesbild/."""
