"""Networks of the paper's neural palette pipeline (generator, discriminator, RL agent)."""
