// Token module
